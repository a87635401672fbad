/* test_sheet.c - the spreadsheet reader's pieces: cell references, serial
 * dates in both epochs, rounding, Excel error names, worksheets and ODS
 * content parsed from memory (types, styles, repeats, merges, limits,
 * DOCTYPE), and the place names messages use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "sheet.h"

static void test_refs(void **state)
{
    (void)state;
    long r, c;
    assert_true(sheet_parse_ref("C5", &r, &c));
    assert_int_equal(r, 5);
    assert_int_equal(c, 3);
    assert_true(sheet_parse_ref("AB12", &r, &c));
    assert_int_equal(c, 28);
    assert_true(sheet_parse_ref("XFD1048576", &r, &c));
    assert_int_equal(c, 16384);
    assert_int_equal(r, 1048576);
    assert_false(sheet_parse_ref("5C", &r, &c));
    assert_false(sheet_parse_ref("C0", &r, &c));
    assert_false(sheet_parse_ref("C", &r, &c));
    assert_false(sheet_parse_ref("c5", &r, &c));
    char b[8];
    assert_string_equal(sheet_col_name(1, b), "A");
    assert_string_equal(sheet_col_name(26, b), "Z");
    assert_string_equal(sheet_col_name(27, b), "AA");
    assert_string_equal(sheet_col_name(16384, b), "XFD");
}

static void test_where(void **state)
{
    (void)state;
    char b[128];
    assert_string_equal(tb_where(b, sizeof b, "a.xlsx:Hoja1", 5, 3, 1), "a.xlsx:Hoja1!C5");
    assert_string_equal(tb_where(b, sizeof b, "a.xlsx:Hoja1", 5, 28, 1), "a.xlsx:Hoja1!AB5");
    assert_string_equal(tb_where(b, sizeof b, "a.csv", 5, 3, 0), "a.csv:5:3");
    assert_string_equal(tb_where(b, sizeof b, "a.csv", 5, 0, 0), "a.csv:5");
    assert_string_equal(tb_where(b, sizeof b, "a.xlsx", 0, 0, 1), "a.xlsx");
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(sheet_serial_year(44927, 0), 2023);   /* 2023-01-01 */
    assert_int_equal(sheet_serial_year(44926, 0), 2022);   /* 2022-12-31 */
    assert_int_equal(sheet_serial_year(43831, 0), 2020);
    assert_int_equal(sheet_serial_year(1, 0), 1900);
    assert_int_equal(sheet_serial_year(60, 0), 1900);      /* Lotus's 1900-02-29 */
    assert_int_equal(sheet_serial_year(367, 0), 1901);     /* 1901-01-01 */
    assert_int_equal(sheet_serial_year(44927 - 1462, 1), 2023);
    assert_int_equal(sheet_serial_year(0, 1), 1904);
    assert_int_equal(sheet_serial_year(-1, 0), 0);
    assert_int_equal(sheet_serial_year(1e12, 0), 0);
}

static void test_round_and_errors(void **state)
{
    (void)state;
    assert_true(sheet_round15(0.865 * 100) == 86.5);
    assert_true(sheet_round15(0.75600000000000001 * 100) == 75.6);
    assert_true(sheet_round15(0.669 * 100) == 66.9);
    assert_true(sheet_round15(-0.0) == 0);
    assert_string_equal(sheet_error_es("#N/A"), "#N/D");
    assert_string_equal(sheet_error_es("#DIV/0!"), "#\xC2\xA1" "DIV/0!");
    assert_string_equal(sheet_error_es("#SPILL!"), "#SPILL!");
    assert_int_equal(sheet_format_of("a.XLSX"), SHEET_XLSX);
    assert_int_equal(sheet_format_of("b.ods"), SHEET_ODS);
    assert_int_equal(sheet_format_of("c.xls"), SHEET_NONE);
    assert_int_equal(sheet_format_of("d.csv"), SHEET_NONE);
}

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

static int ws(const char *xml, sheet_book *b, tb_error *err)
{
    static char *const strs[] = {"Área", "s/d"};
    static const unsigned char sty[] = {0, 1, 2};   /* general, percent, date */
    sheet_limits lim = SHEET_LIMITS_DEFAULT;
    sheet_book_init(b);
    sheet_grid *g = sheet_book_add(b, "Hoja1", 5);
    assert_non_null(g);
    tb_error_clear(err);
    return sheet_xlsx_sheet("x.xlsx:Hoja1", "sheet1.xml", xml, strlen(xml), strs, 2, sty, 3, b,
                            g, &lim, err);
}

static void test_xlsx_cells(void **state)
{
    (void)state;
    sheet_book b;
    tb_error err;
    const char *xml =
        "<worksheet xmlns=\"" MAIN "\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" s=\"2\"><v>44927</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Atención</t><rPh><t>x</t></rPh></is></c>"
        "<c r=\"B3\" s=\"1\"><v>0.86499999999999999</v></c>"
        "<c r=\"C3\"><v>86.5</v></c><c r=\"D3\" t=\"b\"><v>0</v></c>"
        "<c r=\"E3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"F3\"><f>A1</f></c>"
        "<c r=\"G3\" t=\"str\"><f>A1</f><v>hola</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"0\"/><c r=\"B4\"><v>1</v></c></row>"
        "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A3:A4\"/></mergeCells></worksheet>";
    assert_int_equal(ws(xml, &b, &err), 0);
    const sheet_grid *g = &b.sheets[0];
    assert_int_equal(g->nrows, 3);
    assert_int_equal(g->rows[0].r, 1);
    assert_string_equal(g->rows[0].text[0], "Área");
    assert_int_equal(g->rows[0].kind[1], SHEET_EMPTY);
    assert_int_equal(g->rows[0].kind[2], SHEET_DATE);
    assert_string_equal(g->rows[0].text[2], "2023");
    const sheet_row *w = &g->rows[1];
    assert_int_equal(w->r, 3);
    assert_string_equal(w->text[0], "Atención");   /* phonetic guide left out */
    assert_int_equal(w->kind[1], SHEET_NUMBER);
    assert_true(w->num[1] == 86.5);
    assert_true(w->num[2] == 86.5);
    assert_int_equal(w->kind[3], SHEET_BOOL);
    assert_string_equal(w->text[3], "FALSO");
    assert_int_equal(w->kind[4], SHEET_ERROR);
    assert_string_equal(w->text[4], "#\xC2\xA1" "DIV/0!");
    assert_int_equal(w->kind[5], SHEET_NOCACHE);
    assert_string_equal(w->text[6], "hola");
    /* the merge copied "Atención" down into A4 */
    assert_string_equal(g->rows[2].text[0], "Atención");
    sheet_book_fini(&b);
}

static void test_xlsx_errors(void **state)
{
    (void)state;
    sheet_book b;
    tb_error err;
    assert_int_equal(ws("<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"2\">"
                        "<c r=\"B2\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
                        &b, &err), TB_EX_DATAERR);
    assert_string_equal(err.file, "x.xlsx:Hoja1");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    assert_int_equal(err.cellref, 1);
    assert_non_null(strstr(err.msg, "texto compartido 7"));
    sheet_book_fini(&b);
    assert_int_equal(ws("<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"2\">"
                        "<c r=\"C2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row></sheetData>"
                        "</worksheet>", &b, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "fuera de orden"));
    sheet_book_fini(&b);
    assert_int_equal(ws("<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"2\">"
                        "<c r=\"B2\"><v>1,5</v></c></row></sheetData></worksheet>",
                        &b, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "«1,5»"));
    sheet_book_fini(&b);
    assert_int_equal(ws("<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\">"
                        "<c r=\"AMK1\"><v>1</v></c></row></sheetData></worksheet>",
                        &b, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "demasiadas columnas"));
    sheet_book_fini(&b);
    /* entity expansion is never reached: the DOCTYPE itself is refused */
    assert_int_equal(ws("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]>"
                        "<worksheet xmlns=\"" MAIN "\">&a;</worksheet>", &b, &err),
                     TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    sheet_book_fini(&b);
    assert_int_equal(ws("<worksheet xmlns=\"" MAIN "\"><sheetData>", &b, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "XML mal formado"));
    sheet_book_fini(&b);
}

#define ODS_HEAD                                                                   \
    "<office:document-content "                                                    \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "           \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "             \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "               \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "             \
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\">" \
    "<office:automatic-styles><style:style style:name=\"ta2\" style:family=\"table\">"        \
    "<style:table-properties table:display=\"false\"/></style:style>"                          \
    "</office:automatic-styles><office:body><office:spreadsheet>"
#define ODS_TAIL "</office:spreadsheet></office:body></office:document-content>"

static int ods(const char *tables, sheet_book *b, tb_error *err, size_t max_cells)
{
    sheet_limits lim = SHEET_LIMITS_DEFAULT;
    lim.max_cells = max_cells;
    char xml[8192];
    snprintf(xml, sizeof xml, "%s%s%s", ODS_HEAD, tables, ODS_TAIL);
    sheet_book_init(b);
    tb_error_clear(err);
    return sheet_ods_content("x.ods", xml, strlen(xml), b, &lim, err);
}

static void test_ods(void **state)
{
    (void)state;
    sheet_book b;
    tb_error err;
    const char *t =
        "<table:table table:name=\"Hoja1\"><table:table-row>"
        "<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"2\">"
        "<text:p>Área<text:s text:c=\"2\"/>x</text:p>"
        "<office:annotation><text:p>nota</text:p></office:annotation></table:table-cell>"
        "<table:table-cell office:value-type=\"percentage\" office:value=\"0.865\" "
        "calcext:value-type=\"percentage\"><text:p>86,50 %</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"1000\"/>"
        "<table:table-cell office:value-type=\"float\" office:value=\"7\"/>"
        "</table:table-row>"
        "<table:table-row table:number-rows-repeated=\"3\"><table:covered-table-cell/>"
        "<table:table-cell office:value-type=\"date\" office:date-value=\"2023-01-01\"/>"
        "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\" "
        "table:number-columns-repeated=\"2\"/>"
        "<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"string\" "
        "calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell>"
        "</table:table-row>"
        "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell "
        "table:number-columns-repeated=\"1024\"/></table:table-row></table:table>"
        "<table:table table:name=\"Oculta\" table:style-name=\"ta2\"><table:table-row>"
        "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>"
        "</table:table-row></table:table>";
    assert_int_equal(ods(t, &b, &err, 4000000), 0);
    assert_int_equal(b.n, 2);
    assert_int_equal(b.sheets[1].hidden, 1);
    assert_int_equal(b.sheets[1].nrows, 0);
    const sheet_grid *g = &b.sheets[0];
    assert_int_equal(g->nrows, 4);
    assert_string_equal(g->rows[0].text[0], "Área  x");   /* no annotation text */
    assert_true(g->rows[0].num[1] == 86.5);
    assert_int_equal(g->rows[0].n, 1003);
    assert_true(g->rows[0].num[1002] == 7);
    for (size_t i = 1; i < 4; i++) {
        const sheet_row *w = &g->rows[i];
        assert_int_equal(w->r, (long)i + 1);
        assert_int_equal(w->n, 5);
        assert_int_equal(w->kind[1], SHEET_DATE);
        assert_string_equal(w->text[1], "2023");
        assert_string_equal(w->text[2], "VERDADERO");
        assert_string_equal(w->text[3], "VERDADERO");
        assert_int_equal(w->kind[4], SHEET_ERROR);
    }
    /* the spanned first cell was copied into the covered one below it only */
    assert_string_equal(g->rows[1].text[0], "Área  x");
    assert_int_equal(g->rows[2].kind[0], SHEET_EMPTY);
    sheet_book_fini(&b);

    /* a row of content repeated past the cell limit is refused at once */
    assert_int_equal(ods("<table:table table:name=\"H\"><table:table-row "
                         "table:number-rows-repeated=\"100000\"><table:table-cell "
                         "office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
                         "</table:table>", &b, &err, 1000), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "1000 celdas"));
    sheet_book_fini(&b);
    /* a repeated cell with content past the column limit */
    assert_int_equal(ods("<table:table table:name=\"H\"><table:table-row><table:table-cell "
                         "office:value-type=\"string\" table:number-columns-repeated="
                         "\"2000000000\"><text:p>a</text:p></table:table-cell>"
                         "</table:table-row></table:table>", &b, &err, 4000000), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "demasiadas columnas"));
    sheet_book_fini(&b);
}

static void test_zip_refusals(void **state)
{
    (void)state;
    sheet_limits lim = SHEET_LIMITS_DEFAULT;
    sheet_zip z;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(sheet_zip_open(&z, "a.xlsx", "", 0, &lim, &err), TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "no es un archivo zip"));
    assert_int_equal(sheet_zip_open(&z, "a.xlsx", "PK\003\004garbage", 11, &lim, &err),
                     TB_EX_DATAERR);
    assert_non_null(strstr(err.msg, "truncado"));
    sheet_book b;
    sheet_book_init(&b);
    assert_int_equal(sheet_read("a.ods", "Área;2023\n", 11, SHEET_ODS, &lim, &b, &err),
                     TB_EX_DATAERR);
    sheet_book_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),       cmocka_unit_test(test_where),
        cmocka_unit_test(test_dates),      cmocka_unit_test(test_round_and_errors),
        cmocka_unit_test(test_xlsx_cells), cmocka_unit_test(test_xlsx_errors),
        cmocka_unit_test(test_ods),        cmocka_unit_test(test_zip_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
