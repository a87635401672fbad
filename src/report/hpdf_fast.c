/* hpdf_fast.c - libharu's byte-at-a-time memory helpers, replaced by the C
 * library's. libharu clears a 512-byte buffer with HPDF_MemSet before
 * writing every page operator (each MoveTo, LineTo, ShowText...), one byte
 * per loop turn; with thousands of documents in a network run that was 11 %
 * of the time (perf). Linked into the program only (not libtablero.a): a
 * function the executable defines takes precedence over the shared
 * library's for the library's own calls, which go through its PLT. Same
 * contract as libharu's hpdf_utils.c, so the PDF bytes do not change (the
 * black-box tests compare whole runs). Where the override does not take
 * (a static or -Bsymbolic libharu), libharu's own versions run: slower,
 * same output. */
#include <string.h>

#include <hpdf_utils.h>

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    memset(s, c, n);
    return (HPDF_BYTE *)s + n;   /* libharu returns the end, not s */
}

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (n) memmove(out, in, n);   /* libharu copies forwards; never assume disjoint */
    return out + n;
}
