/* test_dynlib.c - a library opened by SONAME fills its table of functions
 * (libm, present on every system), and a missing library or symbol is
 * TB_EX_UNAVAILABLE naming what is missing, with the table untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "dynlib.h"

typedef struct m_api {
    __typeof__(cos) *cos;
    __typeof__(sqrt) *sqrt;
} m_api;

static const tb_dynsym m_syms[] = {
    {"cos", offsetof(m_api, cos)},
    {"sqrt", offsetof(m_api, sqrt)},
};

static void fills_every_slot(void **state)
{
    (void)state;
    m_api api;
    memset(&api, 0, sizeof api);
    void *h = NULL;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(tb_dynlib_open(&h, "libm.so.6", "libc6", "probar", m_syms, 2, &api, &err), 0);
    assert_non_null(h);
    assert_non_null(api.cos);
    assert_true(api.sqrt(2.25) == 1.5);
    assert_true(api.cos(0.0) == 1.0);
    /* a second open of a loaded library only takes another reference */
    void *h2 = NULL;
    m_api again;
    assert_int_equal(tb_dynlib_open(&h2, "libm.so.6", "libc6", "probar", m_syms, 2, &again, &err), 0);
    assert_ptr_equal(h, h2);
    assert_ptr_equal(again.sqrt, api.sqrt);
    tb_dynlib_close(h2);
    tb_dynlib_close(h);
    tb_dynlib_close(NULL);
}

static void missing_library_names_it_and_its_package(void **state)
{
    (void)state;
    m_api api;
    memset(&api, 0, sizeof api);
    void *h = (void *)&api;
    tb_error err;
    tb_error_clear(&err);
    int rc = tb_dynlib_open(&h, "libtablero-no-existe.so.9", "libtablero-no-existe9",
                            "leer algo", m_syms, 2, &api, &err);
    assert_int_equal(rc, TB_EX_UNAVAILABLE);
    assert_int_equal(err.code, TB_EX_UNAVAILABLE);
    assert_null(h);
    assert_non_null(strstr(err.msg, "libtablero-no-existe.so.9"));
    assert_non_null(strstr(err.msg, "necesaria para leer algo"));
    assert_non_null(strstr(err.msg, "instale el paquete libtablero-no-existe9"));
    assert_null(api.cos);
}

static void missing_symbol_leaves_the_table_untouched(void **state)
{
    (void)state;
    static const tb_dynsym bad[] = {
        {"cos", offsetof(m_api, cos)},
        {"tablero_no_existe", offsetof(m_api, sqrt)},
    };
    m_api api;
    memset(&api, 0, sizeof api);
    void *h = NULL;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(tb_dynlib_open(&h, "libm.so.6", "libc6", "probar", bad, 2, &api, &err),
                     TB_EX_UNAVAILABLE);
    assert_null(h);
    assert_null(api.cos);
    assert_null(api.sqrt);
    assert_non_null(strstr(err.msg, "tablero_no_existe"));
    assert_non_null(strstr(err.msg, "libm.so.6"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fills_every_slot),
        cmocka_unit_test(missing_library_names_it_and_its_package),
        cmocka_unit_test(missing_symbol_leaves_the_table_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
