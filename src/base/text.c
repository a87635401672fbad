/* text.c - UTF-8 validity, Windows-1252 conversion (glibc iconv from
 * Windows-1252, a table towards it), folded matching keys (libunistring)
 * and edit distance. Every function is pure: iconv descriptors are opened
 * and closed per call, so no state is shared. */
#include "text.h"

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

/* Windows-1252 for the characters above U+00FF that have a byte or a
 * transliteration, sorted by code point: the bytes glibc's iconv
 * "WINDOWS-1252//TRANSLIT" writes in the C locale (the program never calls
 * setlocale), for U+0100..U+02FF, General Punctuation (U+2000..U+206F)
 * and a few signs (€ № ™ arrows − ≤ ≥, the BOM). Everything else above
 * U+00FF is '?'. test_text.c checks every entry, and every code point of
 * those ranges, against iconv. A table and not iconv: iconv_open per
 * string was a tenth of a network run's time, and a shared descriptor
 * would be state. */
static const struct cp1252_extra {
    uint16_t cp;
    char out[4];   /* NUL-terminated; "" drops the character */
} CP1252_EXTRA[] = {
    {0x0132, "IJ"}, {0x0133, "ij"}, {0x0149, "'n"}, {0x0152, "\x8C"},
    {0x0153, "\x9C"}, {0x0160, "\x8A"}, {0x0161, "\x9A"}, {0x0178, "\x9F"},
    {0x017D, "\x8E"}, {0x017E, "\x9E"}, {0x017F, "s"}, {0x0192, "\x83"},
    {0x01C7, "LJ"}, {0x01C8, "Lj"}, {0x01C9, "lj"}, {0x01CA, "NJ"},
    {0x01CB, "Nj"}, {0x01CC, "nj"}, {0x01F1, "DZ"}, {0x01F2, "Dz"},
    {0x01F3, "dz"}, {0x02BC, "'"}, {0x02C6, "\x88"}, {0x02C8, "'"},
    {0x02CB, "`"}, {0x02CD, "_"}, {0x02D0, ":"}, {0x02DC, "\x98"},
    {0x2002, " "}, {0x2003, " "}, {0x2004, " "}, {0x2005, " "},
    {0x2006, " "}, {0x2008, " "}, {0x2009, " "}, {0x200A, " "},
    {0x200B, ""}, {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"},
    {0x2013, "\x96"}, {0x2014, "\x97"}, {0x2015, "-"}, {0x2018, "\x91"},
    {0x2019, "\x92"}, {0x201A, "\x82"}, {0x201B, "'"}, {0x201C, "\x93"},
    {0x201D, "\x94"}, {0x201E, "\x84"}, {0x201F, "\x22"}, {0x2020, "\x86"},
    {0x2021, "\x87"}, {0x2022, "\x95"}, {0x2024, "."}, {0x2025, ".."},
    {0x2026, "\x85"}, {0x202F, " "}, {0x2030, "\x89"}, {0x2035, "`"},
    {0x2036, "``"}, {0x2037, "```"}, {0x2039, "\x8B"}, {0x203A, "\x9B"},
    {0x203C, "!!"}, {0x2044, "/"}, {0x2047, "??"}, {0x2048, "?!"},
    {0x2049, "!?"}, {0x205F, " "}, {0x2060, ""}, {0x2061, ""},
    {0x2062, ""}, {0x2063, ""}, {0x20AC, "\x80"}, {0x2116, "No"},
    {0x2122, "\x99"}, {0x2190, "<-"}, {0x2192, "->"}, {0x2194, "<->"},
    {0x2212, "-"}, {0x2215, "/"}, {0x2264, "<="}, {0x2265, ">="},
    {0xFEFF, ""},
};

/* Appends the Windows-1252 form of code point c at o; returns the bytes
 * written (0..3). */
static size_t cp1252_put(uint32_t c, char *o)
{
    /* U+0080..U+009F (C1 controls) have no Windows-1252 byte: iconv
     * writes '?'; U+00A0..U+00FF are the same byte */
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
        o[0] = (char)c;
        return 1;
    }
    size_t lo = 0, hi = sizeof CP1252_EXTRA / sizeof CP1252_EXTRA[0];
    while (c > 0xFF && c <= 0xFFFF && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (CP1252_EXTRA[mid].cp == c) {
            size_t k = strlen(CP1252_EXTRA[mid].out);
            memcpy(o, CP1252_EXTRA[mid].out, k);
            return k;
        }
        if (CP1252_EXTRA[mid].cp < c) lo = mid + 1;
        else hi = mid;
    }
    o[0] = '?';
    return 1;
}

/* Length of a well-formed sequence of the original UTF-8 beyond U+10FFFF
 * (4 to 6 bytes, not overlong), which glibc's decoder reads as one
 * character; 1 for anything else. */
static size_t old_utf8_len(const unsigned char *s, size_t left)
{
    size_t len = 1;
    if ((s[0] == 0xF4 && left > 1 && s[1] >= 0x90) || (s[0] >= 0xF5 && s[0] <= 0xF7)) len = 4;
    else if ((s[0] == 0xF8 && left > 1 && s[1] >= 0x88) || (s[0] >= 0xF9 && s[0] <= 0xFB)) len = 5;
    else if ((s[0] == 0xFC && left > 1 && s[1] >= 0x84) || s[0] == 0xFD) len = 6;
    if (len > left) return 1;
    for (size_t k = 1; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF) return 1;
    return len;
}

size_t text_utf8_to_cp1252_buf(const char *str, size_t n, char *out)
{
    const unsigned char *s = (const unsigned char *)str;
    const uint64_t high = 0x8080808080808080ULL;
    size_t i = 0, o = 0;
    while (i < n) {
        /* report text is mostly ASCII: eight bytes at a time while no
         * byte has its high bit, then byte by byte up to the next
         * character that is not */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof w);
            if (w & high) break;
            memcpy(out + o, &w, sizeof w);
            i += 8;
            o += 8;
        }
        while (i < n && s[i] < 0x80) out[o++] = (char)s[i++];
        if (i >= n) break;
        unsigned c = s[i];
        size_t left = n - i;
        if (c >= 0xC2 && c <= 0xDF && left >= 2 && (s[i + 1] & 0xC0u) == 0x80u) {
            /* a well-formed two-byte sequence (every Spanish letter):
             * what the general path below decodes it to */
            o += cp1252_put((c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu), out + o);
            i += 2;
            continue;
        }
        if (text_utf8_invalid_at(str + i, left < 4 ? left : 4) == 0) {
            /* as glibc: one '?' for a whole sequence of the old UTF-8
             * (up to U+7FFFFFFF), one per byte of anything else */
            size_t k = old_utf8_len(s + i, left);
            out[o++] = '?';
            i += k;
            continue;
        }
        uint32_t cp;
        size_t len;
        if (c < 0xE0) {
            cp = (c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
            len = 2;
        } else if (c < 0xF0) {
            cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
            len = 3;
        } else {
            cp = (c & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 | (s[i + 2] & 0x3Fu) << 6 |
                 (s[i + 3] & 0x3Fu);
            len = 4;
        }
        o += cp1252_put(cp, out + o);
        i += len;
    }
    out[o] = '\0';
    return o;
}

char *text_utf8_to_cp1252(const char *str)
{
    size_t n = strlen(str);
    /* never longer than the input: a character of k bytes becomes at most
     * k bytes ("<->" for the three of U+2194), a bad byte one '?' */
    char *out = malloc(n + 1);
    if (!out) return NULL;
    text_utf8_to_cp1252_buf(str, n, out);
    return out;
}

/* text_fold of an ASCII string: its case folding is tolower and NFD
 * leaves it as it is, so the key is its letters and digits, lower-cased,
 * in words split by anything else (plan loading folds about 1,500 names,
 * ids and keys, most of them ASCII: 0.5 ms of a city's run in
 * libunistring). */
static char *fold_ascii(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t o = 0;
    int pending_space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int upper = c >= 'A' && c <= 'Z';
        if (upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pending_space && o > 0) out[o++] = ' ';
            pending_space = 0;
            out[o++] = (char)(upper ? c + ('a' - 'A') : c);
        } else {
            pending_space = 1;
        }
    }
    out[o] = '\0';
    return out;
}

char *text_fold(const char *s)
{
    size_t n = strlen(s);
    size_t ascii = 0;
    while (ascii < n && (unsigned char)s[ascii] < 0x80) ascii++;
    if (ascii == n) return fold_ascii(s, n);
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

const char *text_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}
