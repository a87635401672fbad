/* test_changes.c - "Novedades": new points, revised values, status
 * changes and newly urgent indicators against a previous metrics JSON;
 * finding the previous period; the YYYY-MM period cell. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "changes.h"
#include "ingest.h"
#include "previous.h"

static void test_compare(void **state)
{
    (void)state;
    plan p;
    memset(&p, 0, sizeof p);
    plan_indicator inds[2];
    memset(inds, 0, sizeof inds);
    inds[0].name = "Atención ciudadana";
    inds[1].name = "Biodiversidad";
    p.indicators = inds;
    p.nindicators = 2;
    series_point a[3] = {{.year = 2022, .value = 69, .month = 0}, {.year = 2023, .value = 87, .month = 0}, {.year = 2024, .value = 90, .month = 0}};
    series_point b[1] = {{.year = 2023, .value = 65, .month = 0}};
    series s[2] = {{a, 3}, {b, 1}};
    char *ents[1] = {"Jesús María"};
    series_table t = {ents, 1, 2, s, NULL};
    analyze_metrics m[2];
    memset(m, 0, sizeof m);
    m[0].status = ANALYZE_MET;
    m[0].quadrant = ANALYZE_MONITOR;
    m[1].status = ANALYZE_OFF_TRACK;
    m[1].quadrant = ANALYZE_ACT_NOW;
    analyze_result res;
    memset(&res, 0, sizeof res);
    res.nentities = 1;
    res.nindicators = 2;
    res.m = m;
    const char *json =
        "{\"indicators\":["
        "{\"municipio\":\"Jesús María\",\"area\":\"Atención ciudadana\",\"status\":\"cumplido\","
        "\"quadrant\":\"monitorear\",\"points\":[{\"year\":2022,\"month\":null,\"value\":69},"
        "{\"year\":2023,\"month\":null,\"value\":85}]},"
        "{\"municipio\":\"Jesús María\",\"area\":\"Biodiversidad\",\"status\":\"en_riesgo\","
        "\"quadrant\":\"gestionar\",\"points\":[{\"year\":2023,\"value\":65}]},"
        "{\"municipio\":\"Otro\",\"area\":\"Biodiversidad\",\"status\":\"cumplido\"}]}";
    changes_set cs;
    changes_init(&cs);
    tb_error err;
    assert_int_equal(changes_compare(&cs, json, strlen(json), &p, &t, &res, &err), 0);
    assert_int_equal(cs.found, 1);
    assert_int_equal(cs.count[CHANGES_NEW_POINT], 1);
    assert_int_equal(cs.count[CHANGES_REVISED], 1);
    assert_int_equal(cs.count[CHANGES_STATUS], 1);
    assert_int_equal(cs.count[CHANGES_URGENT], 1);
    for (size_t k = 0; k < cs.n; k++) {
        const changes_item *it = &cs.items[k];
        if (it->kind == CHANGES_NEW_POINT) {
            assert_int_equal(it->year, 2024);
            assert_true(it->after == 90);
        } else if (it->kind == CHANGES_REVISED) {
            assert_int_equal(it->year, 2023);
            assert_true(it->before == 85 && it->after == 87);
        } else if (it->kind == CHANGES_STATUS) {
            assert_int_equal(it->indicator, 1);
            assert_int_equal(it->status_before, ANALYZE_AT_RISK);
            assert_int_equal(it->status_after, ANALYZE_OFF_TRACK);
        } else {
            assert_int_equal(it->indicator, 1);
        }
    }
    changes_fini(&cs);
    /* Not the expected document: unreadable, not an error. */
    changes_init(&cs);
    assert_int_equal(changes_compare(&cs, "[1,2]", 5, &p, &t, &res, &err), -1);
    assert_int_equal(cs.unreadable, 1);
    assert_int_equal(cs.found, 0);
    changes_fini(&cs);
}

static void touch(const char *dir, const char *period)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, period);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s/metricas-%s.json", dir, period, period);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{}", f);
    assert_int_equal(fclose(f), 0);
}

static void test_find_previous(void **state)
{
    (void)state;
    char dir[] = "/tmp/tablero-chg-XXXXXX", period[16], path[512], cmd[128];
    assert_non_null(mkdtemp(dir));
    assert_int_equal(changes_find_previous(dir, 2026, 11, period, sizeof period, path, sizeof path), 0);
    touch(dir, "2026-08");
    touch(dir, "2026-12");                 /* later: never used */
    snprintf(path, sizeof path, "%s/.2026-10.tmp-1", dir);
    mkdir(path, 0700);                     /* staging folders are skipped */
    assert_int_equal(changes_find_previous(dir, 2026, 11, period, sizeof period, path, sizeof path), 1);
    assert_string_equal(period, "2026-08");
    touch(dir, "2026-10");
    assert_int_equal(changes_find_previous(dir, 2026, 11, period, sizeof period, path, sizeof path), 1);
    assert_string_equal(period, "2026-10");
    /* January looks at December of the year before. */
    touch(dir, "2025-12");
    assert_int_equal(changes_find_previous(dir, 2026, 1, period, sizeof period, path, sizeof path), 1);
    assert_string_equal(period, "2025-12");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_period_cell(void **state)
{
    (void)state;
    int y = 0, m = -1;
    assert_int_equal(ingest_parse_period(" 2023 ", &y, &m), 1);
    assert_int_equal(y, 2023);
    assert_int_equal(m, 0);
    assert_int_equal(ingest_parse_period("2025-01", &y, &m), 1);
    assert_int_equal(m, 1);
    assert_int_equal(ingest_parse_period("2025-12", &y, &m), 1);
    assert_int_equal(m, 12);
    assert_int_equal(ingest_parse_period("2025-00", &y, &m), 0);
    assert_int_equal(ingest_parse_period("2025-13", &y, &m), 0);
    assert_int_equal(ingest_parse_period("2025-1", &y, &m), 0);
    assert_int_equal(ingest_parse_period("2025/01", &y, &m), 0);
    assert_int_equal(ingest_parse_period("0999-01", &y, &m), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_find_previous),
        cmocka_unit_test(test_period_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
