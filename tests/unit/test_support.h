/* test_support.h - helpers several unit tests share: a whole file read
 * into memory, and libharu opened for the tests that compare our
 * replacements with its own functions. Header-only (static functions), so
 * each test binary stays one translation unit as the Makefile builds it.
 * Include after <cmocka.h>. */
#ifndef TABLERO_TEST_SUPPORT_H
#define TABLERO_TEST_SUPPORT_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* The bytes of path, malloc'd (the caller frees them); *n their count.
 * Fails the test when the file cannot be read whole. */
static inline unsigned char *test_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    unsigned char *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

/* libharu itself, RTLD_GLOBAL, so that a replacement linked into the test
 * finds libharu's function behind itself as it does in the program; the
 * handle is for dlsym of libharu's own versions. A group setup/teardown
 * pair for cmocka. */
static inline void **test_hpdf_handle(void)
{
    static void *lib;
    return &lib;
}
#define test_hpdf_lib (*test_hpdf_handle())

static inline int test_hpdf_open(void **state)
{
    (void)state;
    test_hpdf_lib = dlopen("libhpdf-2.3.0.so", RTLD_NOW | RTLD_GLOBAL);
    if (!test_hpdf_lib) test_hpdf_lib = dlopen("libhpdf.so", RTLD_NOW | RTLD_GLOBAL);
    return test_hpdf_lib ? 0 : -1;
}

static inline int test_hpdf_close(void **state)
{
    (void)state;
    return dlclose(test_hpdf_lib);
}

#endif
