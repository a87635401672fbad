/* test_manifest.c - the audit record: SHA-256 and sizes of inputs (of the
 * bytes ingest read, never a second read of the file) and of config
 * files, outputs from the staged set, everything volatile under "run". */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"

static char dir[64], in_path[128], ini_path[128];

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/tablero_manifest_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(in_path, sizeof in_path, "%s/datos.csv", dir);
    snprintf(ini_path, sizeof ini_path, "%s/tablero.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Builds the manifest of a run that read in_path (declared `bytes` long)
 * and ini_path and staged one output "abc.txt" = "abc". */
static int build(size_t bytes, tb_buf *out, tb_error *err, outfile_set *os)
{
    ingest_source src;
    memset(&src, 0, sizeof src);
    src.path = in_path;
    src.bytes = bytes;
    src.rows = 2;
    /* what ingest recorded for the 3 bytes "abc" it read */
    static const unsigned char abc[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    memcpy(src.sha256, abc, sizeof abc);
    ingest_set in;
    memset(&in, 0, sizeof in);
    in.sources = &src;
    in.nsources = 1;
    plan_file pf = {.path = ini_path, .rows = 0};
    plan p;
    memset(&p, 0, sizeof p);
    p.files = &pf;
    p.nfiles = 1;
    assert_int_equal(outfile_init(os, dir, "2026-11", err), 0);
    assert_int_equal(outfile_stage(os, "abc.txt", "abc", 3, err), 0);
    tb_errlist w;
    tb_errlist_init(&w, 10);
    tb_error e;
    tb_error_set(&e, TB_OK, "salida", 0, 0, "%s", "un aviso");
    tb_errlist_add(&w, &e);
    manifest_timing t[] = {{"plan_ms", 1.23456}};
    manifest_input mi = {.version = "9.9.9", .period = "2026-11", .report_epoch = 1793491200,
                         .plan = &p, .in = &in, .out = os, .warnings = &w,
                         .started_epoch = 1764547200, .timings = t, .ntimings = 1};
    int rc = manifest_build(&mi, out, err);
    tb_errlist_fini(&w);
    return rc;
}

static const char *str_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static double num_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void test_contents(void **state)
{
    (void)state;
    write_file(in_path, "abc");
    write_file(ini_path, "");
    tb_buf b;
    tb_buf_init(&b);
    tb_error err;
    tb_error_clear(&err);
    outfile_set os;
    assert_int_equal(build(3, &b, &err, &os), 0);
    outfile_fini(&os);
    assert_true(b.len > 0 && b.data[b.len - 1] == '\n');
    cJSON *doc = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(doc);
    assert_string_equal(str_at(doc, "tablero_version"), "9.9.9");
    assert_string_equal(str_at(doc, "period"), "2026-11");
    assert_string_equal(str_at(doc, "report_date"), "2026-11-01T00:00:00Z");
    const cJSON *in0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "inputs"), 0);
    assert_string_equal(str_at(in0, "path"), in_path);
    assert_true(num_at(in0, "bytes") == 3 && num_at(in0, "rows") == 2);
    assert_string_equal(str_at(in0, "sha256"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "config"), 0);
    assert_string_equal(str_at(c0, "sha256"),   /* SHA-256 of nothing */
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const cJSON *o0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "outputs"), 0);
    assert_string_equal(str_at(o0, "name"), "abc.txt");
    assert_string_equal(str_at(o0, "sha256"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* everything volatile is under "run", which comes last */
    const cJSON *run = cJSON_GetObjectItem(doc, "run");
    assert_non_null(run);
    assert_null(run->next);
    assert_string_equal(str_at(run, "started_at"), "2025-12-01T00:00:00Z");
    assert_true(num_at(cJSON_GetObjectItem(run, "timings_ms"), "plan_ms") == 1.235);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(run, "warnings"), 0)->valuestring,
                        "salida: un aviso");
    cJSON_Delete(doc);
    tb_buf_fini(&b);
}

/* An input edited after ingest read it is certified as it was read: the
 * manifest hashes the bytes the run used. A config file that vanished
 * cannot be hashed: 74, naming it. */
static void test_input_as_read_config_missing(void **state)
{
    (void)state;
    write_file(in_path, "abcd");   /* edited after it was read as "abc" */
    write_file(ini_path, "");
    tb_buf b;
    tb_buf_init(&b);
    tb_error err;
    tb_error_clear(&err);
    outfile_set os;
    assert_int_equal(build(3, &b, &err, &os), 0);
    outfile_fini(&os);
    cJSON *doc = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(doc);
    const cJSON *in0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "inputs"), 0);
    assert_true(num_at(in0, "bytes") == 3);
    assert_string_equal(str_at(in0, "sha256"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cJSON_Delete(doc);
    tb_buf_fini(&b);
    tb_buf_init(&b);
    assert_int_equal(unlink(ini_path), 0);
    tb_error_clear(&err);
    assert_int_equal(build(3, &b, &err, &os), TB_EX_IOERR);
    outfile_fini(&os);
    assert_string_equal(err.file, ini_path);
    tb_buf_fini(&b);
}

/* ingest records the SHA-256 of exactly the bytes it read. */
static void test_ingest_records_digest(void **state)
{
    (void)state;
    const char *text = "\xc3\x81rea;2023\nAtenci\xc3\xb3n ciudadana;85\n";
    write_file(in_path, text);
    ingest_set in;
    ingest_set_init(&in);
    ingest_opts io = {.encoding = "auto", .max_bytes = 1024, .default_entity = "X",
                      .value_min = 0, .value_max = 100, .year_min = 1990, .year_max = 2100};
    tb_errlist errs;
    tb_errlist_init(&errs, 10);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(ingest_path(&in, in_path, &io, &errs, &err), 0);
    assert_int_equal(in.nsources, 1);
    /* sha256sum of the same bytes */
    static const unsigned char want[32] = {0x1d, 0xe2, 0x1a, 0x90, 0x5e, 0xd5, 0xf5, 0xf7, 0x48, 0xda, 0xed, 0x3d, 0x9e, 0xf9, 0x55, 0xb2, 0xb8, 0x4e, 0xbe, 0x60, 0x73, 0x17, 0x6c, 0xde, 0xad, 0xde, 0xe3, 0x6a, 0xf0, 0xa9, 0x81, 0x4f};
    assert_memory_equal(in.sources[0].sha256, want, 32);
    assert_int_equal(in.sources[0].bytes, strlen(text));
    tb_errlist_fini(&errs);
    ingest_set_fini(&in);
}

/* The manifest is written without a cJSON tree, in cJSON_Print's layout
 * (the README's example and earlier manifests were printed by cJSON):
 * parsed and printed again by cJSON, it gives the same bytes, with
 * strings that need every escape, numbers that need 17 digits, two
 * warnings, shard fields, and empty lists. */
static void assert_cjson_layout(const tb_buf *b)
{
    cJSON *doc = cJSON_ParseWithLength(b->data, b->len);
    assert_non_null(doc);
    char *again = cJSON_Print(doc);
    assert_non_null(again);
    assert_int_equal(strlen(again) + 1, b->len);
    assert_memory_equal(again, b->data, b->len - 1);
    cJSON_free(again);
    cJSON_Delete(doc);
}

static void test_cjson_layout(void **state)
{
    (void)state;
    write_file(ini_path, "x");
    outfile_set os;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&os, dir, "2026-12", &err), 0);
    assert_int_equal(outfile_stage(&os, "a/informe-gesti\xc3\xb3n.pdf", "abc", 3, &err), 0);
    assert_int_equal(outfile_stage(&os, "b.csv", "", 0, &err), 0);
    ingest_source src[2];
    memset(src, 0, sizeof src);
    src[0].path = "entrada/\"comillas\" \\ tab\t nl\n cr\r bs\b ff\f \x01\x1f \xc3\xa1\xe2\x82\xac.csv";
    src[0].bytes = 4294967296u;
    src[0].rows = 0;
    src[1].path = "otra.csv";
    src[1].bytes = 1;
    src[1].rows = 123456789;
    ingest_set in;
    memset(&in, 0, sizeof in);
    in.sources = src;
    in.nsources = 2;
    plan_file pf = {.path = ini_path, .rows = 0};
    plan p;
    memset(&p, 0, sizeof p);
    p.files = &pf;
    p.nfiles = 1;
    tb_errlist w;
    tb_errlist_init(&w, 10);
    tb_error e;
    tb_error_set(&e, TB_OK, "", 0, 0, "%s", "sin archivo \xc2\xab\"citado\"\xc2\xbb");
    tb_errlist_add(&w, &e);
    tb_error_set(&e, TB_OK, "x.csv", 0, 0, "%s", "segundo\taviso");
    tb_errlist_add(&w, &e);
    /* timings are rounded to microseconds; the third needs 17 digits */
    manifest_timing t[] = {{"plan_ms", 0.3}, {"read_ms", 0.0},
                           {"analyze_ms", 9007199254740.993}, {"render_ms", 123456.7891}};
    manifest_input mi = {.version = "1.2.3", .period = "2026-12", .report_epoch = 0,
                         .plan = &p, .in = &in, .out = &os, .warnings = &w,
                         .started_epoch = 1764547200, .timings = t, .ntimings = 4,
                         .shard_k = 2, .shard_n = 3, .reports = "gestion,datos"};
    tb_buf b;
    tb_buf_init(&b);
    assert_int_equal(manifest_build(&mi, &b, &err), 0);
    assert_cjson_layout(&b);
    tb_buf_fini(&b);
    /* nothing at all: no inputs, config, outputs, timings or warnings */
    outfile_set none;
    assert_int_equal(outfile_init(&none, dir, "2027-01", &err), 0);
    in.nsources = 0;
    p.nfiles = 0;
    manifest_input empty = {.version = "1.2.3", .period = "2027-01", .plan = &p, .in = &in,
                            .out = &none};
    tb_buf_init(&b);
    assert_int_equal(manifest_build(&empty, &b, &err), 0);
    assert_cjson_layout(&b);
    tb_buf_fini(&b);
    outfile_fini(&none);
    outfile_fini(&os);
    tb_errlist_fini(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cjson_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_as_read_config_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ingest_records_digest, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
