/* test_csvread.c - line numbers, strict errors, field cap, file reading,
 * decoding and delimiter sniffing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"

/* Records flattened as "line:f1|f2|...\n" for easy comparison. */
typedef struct rec_log {
    char text[4096];
    size_t len;
    int stop_after;   /* stop with 99 after this many records (0 = never) */
    int seen;
} rec_log;

static int log_cb(const csvread_record *rec, void *ud, tb_error *err)
{
    rec_log *l = ud;
    l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len,
                               "%ld:", rec->line);
    for (size_t i = 0; i < rec->n; i++)
        l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len,
                                   "%s%s", i ? "|" : "", rec->fields[i]);
    l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len,
                               "\n");
    if (l->stop_after && ++l->seen >= l->stop_after)
        return tb_error_set(err, 99, "x", rec->line, 0, "stop");
    return 0;
}

static int parse(const char *data, char delim, rec_log *l, tb_error *err)
{
    memset(l, 0, sizeof *l);
    tb_error_clear(err);
    return csvread_parse("in.csv", data, strlen(data), delim, log_cb, l, err);
}

static void test_lines_lf(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    assert_int_equal(parse("a;b\n\nc;d\n;;;;\n  \ne;f", ';', &l, &err), 0);
    assert_string_equal(l.text, "1:a|b\n3:c|d\n6:e|f\n");
}

static void test_lines_multiline_quoted(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    assert_int_equal(parse("h1;h2\n\"x\ny\nz\";1\nw;\"a;b\"\"c\"\n", ';', &l,
                           &err), 0);
    assert_string_equal(l.text, "1:h1|h2\n2:x\ny\nz|1\n5:w|a;b\"c\n");
}

static void test_lines_crlf_and_cr(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    assert_int_equal(parse("a,b\r\n\r\nc,\"d\r\ne\"\r\nf,g\r\n", ',', &l, &err),
                     0);
    assert_string_equal(l.text, "1:a|b\n3:c|d\r\ne\n5:f|g\n");
    assert_int_equal(parse("a;b\rc;d\r\re;f\r", ';', &l, &err), 0);
    assert_string_equal(l.text, "1:a|b\n2:c|d\n4:e|f\n");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    assert_int_equal(parse("a;b\nc;\"open\nmore\nstill\n", ';', &l, &err),
                     TB_EX_DATAERR);
    assert_string_equal(err.file, "in.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    assert_string_equal(l.text, "1:a|b\n");
    /* A quoted field closes on line 2, another opens there and never ends. */
    assert_int_equal(parse("h\n\"x\ny\";\"z\nw\n", ';', &l, &err),
                     TB_EX_DATAERR);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 2);
}

static void test_stray_quote(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    assert_int_equal(parse("a;b\nc;d\"e;f\n", ';', &l, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    assert_int_equal(parse("a;b\n\"c\"x;d\n", ';', &l, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
}

static void test_field_too_long(void **state)
{
    (void)state;
    size_t n = CSVREAD_FIELD_MAX + 10;
    char *data = malloc(n + 16);
    assert_non_null(data);
    strcpy(data, "a;b\nc;");
    memset(data + 6, 'x', n);
    strcpy(data + 6 + n, "\n");
    rec_log l;
    tb_error err;
    assert_int_equal(parse(data, ';', &l, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    /* Also inside an unterminated quoted field spanning many lines. */
    memset(data, 0, n + 16);
    strcpy(data, "\"");
    for (size_t i = 1; i < n; i++) data[i] = i % 10 ? 'y' : '\n';
    assert_int_equal(parse(data, ';', &l, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 1);
    free(data);
    /* Exactly at the cap is fine. */
    data = malloc(CSVREAD_FIELD_MAX + 1);
    memset(data, 'z', CSVREAD_FIELD_MAX);
    data[CSVREAD_FIELD_MAX] = '\0';
    tb_error_clear(&err);
    memset(&l, 0, sizeof l);
    assert_int_equal(csvread_parse("in.csv", data, CSVREAD_FIELD_MAX, ';',
                                   log_cb, &l, &err), 0);
    free(data);
}

static void test_callback_stops(void **state)
{
    (void)state;
    rec_log l;
    tb_error err;
    memset(&l, 0, sizeof l);
    l.stop_after = 2;
    const char *d = "a\nb\nc\nd\n";
    assert_int_equal(csvread_parse("in.csv", d, strlen(d), ';', log_cb, &l,
                                   &err), 99);
    assert_string_equal(l.text, "1:a\n2:b\n");
}

static char *write_tmp(const char *bytes, size_t n)
{
    char *path = strdup("/tmp/tablero_csvread_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_slurp(void **state)
{
    (void)state;
    char *path = write_tmp("0123456789", 10);
    char *buf;
    size_t len;
    tb_error err;
    assert_int_equal(csvread_slurp(path, 10, &buf, &len, &err), 0);
    assert_int_equal(len, 10);
    assert_string_equal(buf, "0123456789");
    free(buf);
    assert_int_equal(csvread_slurp(path, 9, &buf, &len, &err), TB_EX_DATAERR);
    assert_null(buf);
    assert_int_equal(csvread_slurp(path, 100000, &buf, &len, &err), 0);
    assert_int_equal(len, 10);
    free(buf);
    unlink(path);
    free(path);
    assert_int_equal(csvread_slurp("/nonexistent/x.csv", 10, &buf, &len, &err),
                     TB_EX_NOINPUT);
    assert_string_equal(err.file, "/nonexistent/x.csv");
    assert_int_equal(csvread_slurp("/tmp", 10, &buf, &len, &err),
                     TB_EX_IOERR);
    /* Bigger than the first buffer, exactly the cap. */
    size_t big = 10000;
    char *data = malloc(big);
    memset(data, 'q', big);
    path = write_tmp(data, big);
    assert_int_equal(csvread_slurp(path, big, &buf, &len, &err), 0);
    assert_int_equal(len, big);
    assert_int_equal(buf[big], '\0');
    free(buf);
    assert_int_equal(csvread_slurp(path, big - 1, &buf, &len, &err),
                     TB_EX_DATAERR);
    unlink(path);
    free(path);
    free(data);
}

static int decode(const char *bytes, size_t n, const char *enc, char **out,
                  size_t *len, int *cp, tb_error *err)
{
    *out = malloc(n + 1);
    memcpy(*out, bytes, n);
    (*out)[n] = '\0';
    *len = n;
    tb_error_clear(err);
    return csvread_decode("in.csv", out, len, enc, cp, err);
}

static void test_decode(void **state)
{
    (void)state;
    char *d;
    size_t len;
    int cp;
    tb_error err;
    /* BOM stripped, UTF-8 kept. */
    assert_int_equal(decode("\xEF\xBB\xBF\xC3\x81rea;1\n", 11, "auto", &d, &len,
                            &cp, &err), 0);
    assert_string_equal(d, "\xC3\x81rea;1\n");
    assert_int_equal(len, 8);
    assert_int_equal(cp, 0);
    free(d);
    /* Windows-1252 converted. */
    assert_int_equal(decode("Jes\xFAs;1\n", 8, "auto", &d, &len, &cp, &err), 0);
    assert_string_equal(d, "Jes\xC3\xBAs;1\n");
    assert_int_equal(cp, 1);
    free(d);
    assert_int_equal(decode("Jes\xFAs", 5, "windows-1252", &d, &len, &cp,
                            &err), 0);
    assert_string_equal(d, "Jes\xC3\xBAs");
    free(d);
    /* Neither: first invalid UTF-8 byte (line 2, byte 3). */
    assert_int_equal(decode("ok\nab\xFA\x81", 7, "auto", &d, &len, &cp, &err),
                     TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 3);
    free(d);
    /* utf-8 forced. */
    assert_int_equal(decode("a\r\nb\rJes\xFAs", 10, "utf-8", &d, &len, &cp,
                            &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 4);
    free(d);
    /* NUL byte. */
    assert_int_equal(decode("a;b\nc\0d", 7, "auto", &d, &len, &cp, &err),
                     TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    free(d);
    assert_int_equal(decode("x", 1, "latin9", &d, &len, &cp, &err),
                     TB_EX_CONFIG);
    free(d);
    assert_int_equal(decode("", 0, "auto", &d, &len, &cp, &err), 0);
    assert_int_equal(len, 0);
    free(d);
    /* Excel's "Unicode text" is UTF-16: named as such, not as a NUL. */
    assert_int_equal(decode("\xFF\xFE" "A\0;\0" "1\0", 8, "auto", &d, &len,
                            &cp, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "UTF-16"));
    free(d);
    assert_int_equal(decode("A\0r\0e\0a\0;\0" "2\0", 12, "auto", &d, &len,
                            &cp, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "UTF-16"));
    free(d);
    /* UTF-8 on line 1 and a Windows-1252 byte on line 2: refused in auto,
     * read as Windows-1252 when forced. */
    assert_int_equal(decode("Jes\xC3\xBAs;1\nJes\xFAs;2\n", 17, "auto", &d,
                            &len, &cp, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "la l\xC3\xADnea 1 tiene texto en UTF-8"));
    free(d);
    assert_int_equal(decode("Jes\xC3\xBAs;1\nJes\xFAs;2\n", 17,
                            "windows-1252", &d, &len, &cp, &err), 0);
    assert_int_equal(cp, 1);
    free(d);
}

static void test_too_many_fields(void **state)
{
    (void)state;
    size_t n = CSVREAD_FIELDS_MAX + 5;
    char *data = malloc(n + 8);
    assert_non_null(data);
    strcpy(data, "a;b\n");
    memset(data + 4, ';', n);
    strcpy(data + 4 + n, "\n");
    rec_log l;
    tb_error err;
    /* Only semicolons is a blank record, but it is still too wide. */
    assert_int_equal(parse(data, ';', &l, &err), TB_EX_DATAERR);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "demasiadas columnas"));
    free(data);
}

static void test_sniff(void **state)
{
    (void)state;
    const char *semi = "Autodiagn\xC3\xB3sticos;2023;2022;2021\n"
                       "Gobierno abierto;86,50%;75,60%;68%\n"
                       "Movilidad;-;66,90%;55,1%\n";
    assert_int_equal(csvread_sniff_delim(semi, strlen(semi)), ';');
    const char *comma = "area,year,value\n\"Gobierno, abierto\",2023,86.5\n"
                        "Movilidad,2022,66.9\n";
    assert_int_equal(csvread_sniff_delim(comma, strlen(comma)), ',');
    const char *tab = "area\tyear\tvalue\nA\t2023\t86,5\nB\t2022\t1,5\n";
    assert_int_equal(csvread_sniff_delim(tab, strlen(tab)), '\t');
    const char *title = "\xC3\x8Dndices de profesionalizaci\xC3\xB3n\n\n"
                        "\xC3\x81rea;2023;2022\nA;1,5;2,5\nB;3;4\n";
    assert_int_equal(csvread_sniff_delim(title, strlen(title)), ';');
    assert_int_equal(csvread_sniff_delim("", 0), ';');
    assert_int_equal(csvread_sniff_delim("solo\n", 5), ';');
    /* Tie (one line each) prefers ';'. */
    assert_int_equal(csvread_sniff_delim("a;b,c\n", 6), ';');
    /* Decimal commas in every row, same count: still ';'. */
    const char *trap = "\xC3\x81rea;2023;2022\nA;1,5;2,5\nB;3,5;4,5\n"
                       "C;5,5;6,5\n";
    assert_int_equal(csvread_sniff_delim(trap, strlen(trap)), ';');
    /* Excel's padding and trailing empty columns. */
    const char *pad = "T\xC3\xADtulo;;;;\r\n\xC3\x81rea;2023;2022;;\r\n"
                      "A;86,50%;75,60%;;\r\nB;1,5;;;\r\n";
    assert_int_equal(csvread_sniff_delim(pad, strlen(pad)), ';');
    /* Excel's "sep=" line decides. */
    assert_int_equal(csvread_sniff_delim("sep=,\na;b;c\n", 12), ',');
    assert_int_equal(csvread_sniff_delim("sep=\t\r\nx", 9), '\t');
}

/* ---- csvread_stream_buffer against the whole-text path ----------------- */

/* Every record folded into a digest and a count: large inputs. */
typedef struct rec_sum {
    uint64_t h;
    size_t n;
} rec_sum;

static void sum_bytes(rec_sum *s, const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++) s->h = (s->h ^ u[i]) * 0x100000001B3ull;
}

static int sum_cb(const csvread_record *rec, void *ud, tb_error *err)
{
    (void)err;
    rec_sum *s = ud;
    sum_bytes(s, &rec->line, sizeof rec->line);
    for (size_t i = 0; i < rec->n; i++) sum_bytes(s, rec->fields[i], strlen(rec->fields[i]) + 1);
    s->n++;
    return 0;
}

/* The same bytes read whole (decode, sniff, parse) and streamed: the
 * same records, code, message, line, column, encoding and delimiter. */
static void same_both_ways(const char *bytes, size_t n, const char *enc)
{
    rec_sum whole = {0xCBF29CE484222325ull, 0}, streamed = {0xCBF29CE484222325ull, 0};
    tb_error e1, e2;
    tb_error_clear(&e1);
    tb_error_clear(&e2);
    char *d = malloc(n + 1);
    assert_non_null(d);
    memcpy(d, bytes, n);
    d[n] = '\0';
    size_t len = n;
    int cp1252 = 0;
    char delim = 0;
    int rc1 = csvread_decode("in.csv", &d, &len, enc, &cp1252, &e1);
    if (!rc1) {
        delim = csvread_sniff_delim(d, len);
        rc1 = csvread_parse("in.csv", d, len, delim, sum_cb, &whole, &e1);
    }
    free(d);
    csvread_stream_opts o = {.encoding = enc, .max_bytes = n + 1, .cb = sum_cb, .ud = &streamed};
    csvread_info info;
    int rc2 = csvread_stream_buffer("in.csv", bytes, n, &o, &info, &e2);
    assert_int_equal(rc2, rc1);
    assert_string_equal(e2.msg, e1.msg);
    assert_int_equal(e2.line, e1.line);
    assert_int_equal(e2.col, e1.col);
    assert_int_equal(info.bytes, n);
    if (rc1 && !whole.n) return;   /* refused before a record: nothing to compare */
    if (info.rejected) return;     /* records seen are to be undone */
    assert_int_equal(info.was_cp1252, cp1252);
    assert_int_equal(info.delimiter, delim);
    assert_int_equal(streamed.n, whole.n);
    assert_true(streamed.h == whole.h);
}

/* A table of about 140 KB (two and more reads) whose rows hold "é" and
 * end in CRLF, shifted by 0-4 bytes so that a multi-byte character and a
 * CRLF each fall across the 64 KiB boundary; in UTF-8, in Windows-1252,
 * and spoiled at the end (a NUL, a stray quote, the other encoding). */
static void test_stream_same_as_whole(void **state)
{
    (void)state;
    const size_t big = 140000;
    char *t = malloc(big + 64);
    assert_non_null(t);
    for (int shift = 0; shift < 5; shift++)
        for (int kind = 0; kind < 6; kind++) {
            size_t n = 0;
            n += (size_t)sprintf(t + n, "\xC3\x81rea;2023\r\n");
            for (int k = 0; k < shift; k++) t[n++] = ' ';
            int row = 0;
            while (n < big) {
                if (kind == 1) n += (size_t)sprintf(t + n, "Atenci\xF3n %d;85,5\r\n", row++);
                else n += (size_t)sprintf(t + n, "Atenci\xC3\xB3n %d;\"85,5\"\r\n", row++);
            }
            if (kind == 2) t[n - 5] = '\0';                   /* a NUL, late */
            if (kind == 3) n += (size_t)sprintf(t + n, "x;8\"5\n"); /* stray quote */
            if (kind == 4) n += (size_t)sprintf(t + n, "Caf\xE9;1\n"); /* mixed */
            if (kind == 5) n += (size_t)sprintf(t + n, "\"abierto;1\n"); /* unterminated */
            same_both_ways(t, n, "auto");
            same_both_ways(t, n, kind == 1 ? "windows-1252" : "utf-8");
        }
    /* a BOM and Excel's "sep=" line; a UTF-16 file; a lone CR at the end */
    static const char bom[] = "\xEF\xBB\xBFsep=,\n\xC3\x81rea,2023\nA,1\r";
    same_both_ways(bom, sizeof bom - 1, "auto");
    static const char u16[] = "\xFF\xFE" "A\0;\0" "2\0" "0\0" "2\0" "3\0";
    same_both_ways(u16, sizeof u16 - 1, "auto");
    same_both_ways("", 0, "auto");
    free(t);
}

/* Too large is refused as such, whatever else the bytes hold. */
static void test_stream_too_big(void **state)
{
    (void)state;
    rec_sum s = {0, 0};
    csvread_stream_opts o = {.encoding = "auto", .max_bytes = 10, .cb = sum_cb, .ud = &s};
    csvread_info info;
    tb_error e;
    tb_error_clear(&e);
    assert_int_equal(csvread_stream_buffer("in.csv", "A;2023\nB;1\nC;2\n", 15, &o, &info, &e),
                     TB_EX_DATAERR);
    assert_true(info.rejected);
    assert_non_null(strstr(e.msg, "10 bytes"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_lf),
        cmocka_unit_test(test_lines_multiline_quoted),
        cmocka_unit_test(test_lines_crlf_and_cr),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quote),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_slurp),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_stream_same_as_whole),
        cmocka_unit_test(test_stream_too_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
