/* text.c - UTF-8 validity, Windows-1252 conversion (glibc iconv), folded
 * matching keys (libunistring) and edit distance. Every function is pure:
 * iconv descriptors are opened and closed per call, so no state is shared. */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "common.h"

size_t text_utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;   /* bounds of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;         /* overlong */
            else if (c == 0xED) hi = 0x9F;    /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;         /* overlong */
            else if (c == 0xF4) hi = 0x8F;    /* beyond U+10FFFF */
        } else {
            return i;   /* continuation byte, C0/C1 or F5..FF */
        }
        if (n - i < len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += len;
    }
    return n;
}

int text_utf8_valid(const char *s, size_t n)
{
    return text_utf8_invalid_at(s, n) == n;
}

static int cp1252_defined(unsigned char c)
{
    return c != 0 && c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 &&
           c != 0x9D;
}

size_t text_cp1252_invalid_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!cp1252_defined((unsigned char)s[i])) return i;
    return n;
}

int text_cp1252_valid(const char *s, size_t n)
{
    return text_cp1252_invalid_at(s, n) == n;
}

char *text_cp1252_to_utf8(const char *s, size_t n, size_t *outlen)
{
    if (!text_cp1252_valid(s, n)) return NULL;
    /* Every Windows-1252 byte becomes at most 3 UTF-8 bytes (U+20AC...). */
    if (n > (SIZE_MAX - 1) / 3) return NULL;
    size_t cap = 3 * n + 1;
    char *out = malloc(cap);
    if (!out) return NULL;
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1) {
        free(out);
        return NULL;
    }
    char *in = (char *)s;   /* iconv's prototype is not const-correct */
    size_t inleft = n;
    char *o = out;
    size_t oleft = cap - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    iconv_close(cd);
    if (r == (size_t)-1 || inleft != 0) {
        free(out);
        return NULL;
    }
    *o = '\0';
    if (outlen) *outlen = (size_t)(o - out);
    return out;
}

/* Length of the UTF-8 sequence starting at s (1 for an invalid byte), so
 * that an unconvertible character is skipped whole. */
static size_t utf8_seq_len(const unsigned char *s, size_t left)
{
    size_t bad = text_utf8_invalid_at((const char *)s, left < 4 ? left : 4);
    if (bad == 0) return 1;
    if (s[0] < 0x80) return 1;
    if (s[0] < 0xE0) return 2;
    if (s[0] < 0xF0) return 3;
    return 4;
}

char *text_utf8_to_cp1252(const char *s)
{
    size_t n = strlen(s);
    iconv_t cd = iconv_open("WINDOWS-1252//TRANSLIT", "UTF-8");
    if (cd == (iconv_t)-1) return NULL;
    /* Transliteration may expand ("≤" -> "<="), so grow on E2BIG. */
    size_t cap = n + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)s;
    size_t inleft = n;
    size_t used = 0;
    while (inleft > 0) {
        char *o = out + used;
        size_t oleft = cap - used - 1;   /* room for the NUL */
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        used = (size_t)(o - out);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            if (cap > SIZE_MAX / 2) goto fail;
            char *p = realloc(out, cap * 2);
            if (!p) goto fail;
            out = p;
            cap *= 2;
        } else if (errno == EILSEQ || errno == EINVAL) {
            /* No transliteration (or broken input): one '?' per character. */
            if (cap - used < 2) {
                char *p = realloc(out, cap * 2);
                if (!p) goto fail;
                out = p;
                cap *= 2;
            }
            out[used++] = '?';
            size_t skip = utf8_seq_len((const unsigned char *)in, inleft);
            if (skip > inleft) skip = inleft;
            in += skip;
            inleft -= skip;
            iconv(cd, NULL, NULL, NULL, NULL);   /* reset shift state */
        } else {
            goto fail;
        }
    }
    iconv_close(cd);
    out[used] = '\0';
    return out;
fail:
    iconv_close(cd);
    free(out);
    return NULL;
}

char *text_fold(const char *s)
{
    size_t n = strlen(s);
    if (!text_utf8_valid(s, n)) return NULL;
    size_t flen = 0;
    /* Case-fold and decompose in one pass; accents become separate marks. */
    uint8_t *f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFD, NULL,
                             &flen);
    if (!f) return NULL;
    char *out = malloc(flen + 1);   /* the key is never longer than f */
    if (!out) {
        free(f);
        return NULL;
    }
    size_t o = 0;
    int pending_space = 0;
    size_t i = 0;
    while (i < flen) {
        ucs4_t uc;
        int len = u8_mbtouc(&uc, f + i, flen - i);
        if (len <= 0) len = 1;
        /* Drop every non-spacing mark, not only U+0300..U+036F, so that a
         * stray combining character never splits a word in two. */
        if ((uc >= 0x300 && uc <= 0x36F) ||
            uc_is_general_category(uc, UC_CATEGORY_Mn)) {
            i += (size_t)len;
            continue;
        }
        if (uc_is_alnum(uc)) {
            if (pending_space && o > 0) out[o++] = ' ';
            pending_space = 0;
            memcpy(out + o, f + i, (size_t)len);
            o += (size_t)len;
        } else {
            pending_space = 1;
        }
        i += (size_t)len;
    }
    out[o] = '\0';
    free(f);
    return out;
}

size_t text_edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na == 0) return nb;
    if (nb == 0) return na;
    /* Two rows of nb+1 cells; a small stack buffer covers the usual keys. */
    size_t small[2 * 128];
    size_t *buf = small;
    if (nb + 1 > 128) {
        buf = tb_reallocarray(NULL, 2 * (nb + 1), sizeof *buf);
        if (!buf) return na > nb ? na : nb;   /* an upper bound */
    }
    size_t *prev = buf, *cur = buf + nb + 1;
    for (size_t j = 0; j <= nb; j++) prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            cur[j] = d;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t r = prev[nb];
    if (buf != small) free(buf);
    return r;
}

/* Length of the blank character at s[0..n): ASCII space, tab, CR, LF,
 * U+00A0 (C2 A0) or U+202F (E2 80 AF, the narrow no-break space some
 * locales put before '%'); 0 when s does not start with one. */
static size_t blank_len(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF) return 3;
    return 0;
}

/* Same, for the blank character that ends s[0..n). */
static size_t blank_len_end(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                   s[n - 1] == '\n'))
        return 1;
    if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0) return 2;
    if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && s[n - 1] == 0xAF)
        return 3;
    return 0;
}

char *text_trim(char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    size_t start = 0, k;
    while ((k = blank_len(u + start, n - start)) > 0) start += k;
    size_t end = n;
    while (end > start && (k = blank_len_end(u + start, end - start)) > 0)
        end -= k;
    if (start > 0) memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

int text_is_blank(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), k;
    while ((k = blank_len(u, n)) > 0) {
        u += k;
        n -= k;
    }
    return n == 0;
}

size_t text_utf8_multibyte_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0xC2 || s[i] > 0xF4) continue;
        size_t len = s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
        if (n - i < len) continue;
        if (text_utf8_invalid_at(str + i, len) == len) return i;
    }
    return n;
}
