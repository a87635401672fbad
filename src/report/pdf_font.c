/* pdf_font.c - trimmed TrueType fonts loaded from memory (see pdf_font.h). */
#include "pdf_font.h"

#include "pdf_hpdf.h"

#include <stdlib.h>
#include <string.h>


/* The tables libharu 2.3.0 writes into the PDF (its REQUIRED_TAGS), in the
 * sorted order a table directory wants. */
static const char tags[][5] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                               "hmtx", "loca", "maxp", "name", "post", "prep"};
#define NTAGS (sizeof tags / sizeof tags[0])
#define POST3_LEN 32u

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static unsigned long checksum(const unsigned char *p, size_t len)
{
    unsigned long sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) sum += be32(p + i);
    if (i < len) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i);
        sum += be32(w);
    }
    return sum & 0xffffffffUL;
}

/* The code points a WinAnsiEncoding font can show: ASCII, Latin-1 and the
 * Windows-1252 additions in 0x80..0x9F. */
static const unsigned cp1252_extra[] = {
    0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030,
    0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178};

/* Glyph of code point u in a cmap format 4 subtable (t, n bytes), 0 when
 * none. */
static unsigned cmap4_glyph(const unsigned char *t, size_t n, unsigned u)
{
    if (n < 14) return 0;
    unsigned segx2 = be16(t + 6);
    if (14 + 4 * (size_t)segx2 + 2 > n) return 0;
    const unsigned char *ends = t + 14, *starts = ends + segx2 + 2;
    const unsigned char *deltas = starts + segx2, *ranges = deltas + segx2;
    for (unsigned i = 0; i < segx2; i += 2) {
        unsigned end = be16(ends + i), start = be16(starts + i);
        if (u > end) continue;
        if (u < start) return 0;
        unsigned delta = be16(deltas + i), ro = be16(ranges + i);
        if (ro == 0) return (u + delta) & 0xffffu;
        size_t at = (size_t)(ranges + i - t) + ro + 2 * (size_t)(u - start);
        if (at + 2 > n) return 0;
        unsigned g = be16(t + at);
        return g ? (g + delta) & 0xffffu : 0;
    }
    return 0;
}

/* The Windows (3,1) format 4 subtable of a cmap table, or NULL. */
static const unsigned char *cmap4(const unsigned char *cm, size_t n, size_t *len)
{
    if (n < 4) return NULL;
    unsigned count = be16(cm + 2);
    for (unsigned i = 0; i < count && 4 + 8 * (size_t)i + 8 <= n; i++) {
        const unsigned char *r = cm + 4 + 8 * (size_t)i;
        unsigned long off = be32(r + 4);
        if (be16(r) != 3 || be16(r + 2) != 1 || off + 4 > n) continue;
        if (be16(cm + off) != 4) continue;
        size_t l = be16(cm + off + 2);
        if (l > n - off) return NULL;
        *len = l;
        return cm + off;
    }
    return NULL;
}

typedef struct glyf_trim {
    unsigned char *glyf, *loca;   /* owned (free) */
    size_t glyf_len, loca_len;
} glyf_trim;

/* Keeps in glyf only the glyphs WinAnsiEncoding can reach (and the
 * components of composite ones); every other glyph becomes empty, so glyph
 * numbers, hmtx and the cmap stay valid. libharu copies the glyphs a
 * document uses from this table: a smaller one is less to copy per
 * document. Returns 0, -1 on a malformed font, -2 out of memory. */
static int trim_glyf(const unsigned char *head, size_t head_len, const unsigned char *maxp,
                     size_t maxp_len, const unsigned char *loca, size_t loca_len,
                     const unsigned char *glyf, size_t glyf_len, const unsigned char *cm,
                     size_t cm_len, glyf_trim *out)
{
    if (head_len < 54 || maxp_len < 6) return -1;
    int longfmt = be16(head + 50) != 0;
    unsigned ng = be16(maxp + 4);
    if (loca_len < (size_t)(ng + 1) * (longfmt ? 4 : 2)) return -1;
    size_t t4len = 0;
    const unsigned char *t4 = cmap4(cm, cm_len, &t4len);
    if (!t4) return -1;
    unsigned char *keep = calloc(ng, 1);
    unsigned *stack = malloc(sizeof *stack * (ng + 1));
    if (!keep || !stack) {
        free(keep);
        free(stack);
        return -2;
    }
    size_t sp = 0;
    stack[sp++] = 0;   /* .notdef */
    for (unsigned u = 0x20; u <= 0xff; u++) {
        if (u >= 0x7f && u < 0xa0) continue;
        unsigned g = cmap4_glyph(t4, t4len, u);
        if (g && g < ng && sp < ng + 1) stack[sp++] = g;
    }
    for (size_t i = 0; i < sizeof cp1252_extra / sizeof cp1252_extra[0]; i++) {
        unsigned g = cmap4_glyph(t4, t4len, cp1252_extra[i]);
        if (g && g < ng && sp < ng + 1) stack[sp++] = g;
    }
#define LOCA(i) (longfmt ? be32(loca + 4 * (size_t)(i)) : 2UL * be16(loca + 2 * (size_t)(i)))
    int bad = 0;
    while (sp > 0 && !bad) {
        unsigned g = stack[--sp];
        if (keep[g]) continue;
        keep[g] = 1;
        unsigned long a = LOCA(g), b = LOCA(g + 1);
        if (b < a || b > glyf_len) {
            bad = 1;
            break;
        }
        if (b - a < 10 || (be16(glyf + a) & 0x8000u) == 0) continue;   /* simple glyph */
        /* A composite: flags, glyph index, arguments, transform; repeat. */
        size_t at = a + 10;
        for (;;) {
            if (at + 4 > b) {
                bad = 1;
                break;
            }
            unsigned flags = be16(glyf + at), comp = be16(glyf + at + 2);
            if (comp < ng && !keep[comp] && sp < ng + 1) stack[sp++] = comp;
            at += 4 + ((flags & 0x0001u) ? 4 : 2);
            if (flags & 0x0008u) at += 2;
            else if (flags & 0x0040u) at += 4;
            else if (flags & 0x0080u) at += 8;
            if (!(flags & 0x0020u)) break;
        }
    }
    free(stack);
    size_t total = 0;
    for (unsigned g = 0; g < ng && !bad; g++)
        if (keep[g]) total += ((LOCA(g + 1) - LOCA(g)) + 3) & ~3UL;
    if (bad || (!longfmt && total / 2 > 0xffffu)) {
        free(keep);
        return -1;
    }
    out->glyf_len = total;
    out->loca_len = (size_t)(ng + 1) * (longfmt ? 4 : 2);
    out->glyf = malloc(total ? total : 1);
    out->loca = malloc(out->loca_len);
    if (!out->glyf || !out->loca) {
        free(keep);
        free(out->glyf);
        free(out->loca);
        out->glyf = out->loca = NULL;
        return -2;
    }
    size_t pos = 0;
    for (unsigned g = 0; g <= ng; g++) {
        if (longfmt) put32(out->loca + 4 * (size_t)g, (unsigned long)pos);
        else put16(out->loca + 2 * (size_t)g, (unsigned)(pos / 2));
        if (g == ng || !keep[g]) continue;
        unsigned long a = LOCA(g), l = LOCA(g + 1) - a;
        memcpy(out->glyf + pos, glyf + a, l);
        memset(out->glyf + pos + l, 0, ((l + 3) & ~3UL) - l);
        pos += (l + 3) & ~3UL;
    }
#undef LOCA
    free(keep);
    return 0;
}

int pf_trim(const unsigned char *ttf, size_t n, tb_buf *out)
{
    if (n < 12 || be32(ttf) != 0x00010000UL) return -1;
    unsigned ntables = be16(ttf + 4);
    if (12 + 16 * (size_t)ntables > n) return -1;
    const unsigned char *src[NTAGS];
    size_t len[NTAGS];
    unsigned char post[POST3_LEN];
    unsigned count = 0;
    for (size_t k = 0; k < NTAGS; k++) {
        src[k] = NULL;
        len[k] = 0;
        for (unsigned i = 0; i < ntables; i++) {
            const unsigned char *r = ttf + 12 + 16 * (size_t)i;
            if (memcmp(r, tags[k], 4) != 0) continue;
            unsigned long off = be32(r + 8), l = be32(r + 12);
            if (off > n || l > n - off) return -1;
            src[k] = ttf + off;
            len[k] = l;
        }
        if (!src[k]) continue;
        if (strcmp(tags[k], "post") == 0) {
            if (len[k] < POST3_LEN) return -1;
            memcpy(post, src[k], POST3_LEN);
            put32(post, 0x00030000UL);   /* format 3: no glyph names */
            src[k] = post;
            len[k] = POST3_LEN;
        }
        count++;
    }
    enum { T_CMAP = 1, T_GLYF = 4, T_HEAD = 5, T_LOCA = 8, T_MAXP = 9 };
    glyf_trim gt = {NULL, NULL, 0, 0};
    if (src[T_CMAP] && src[T_GLYF] && src[T_HEAD] && src[T_LOCA] && src[T_MAXP]) {
        int rc = trim_glyf(src[T_HEAD], len[T_HEAD], src[T_MAXP], len[T_MAXP], src[T_LOCA],
                           len[T_LOCA], src[T_GLYF], len[T_GLYF], src[T_CMAP], len[T_CMAP], &gt);
        if (rc == -2) {
            out->failed = 1;
            return -1;
        }
        if (rc == 0) {
            src[T_GLYF] = gt.glyf;
            len[T_GLYF] = gt.glyf_len;
            src[T_LOCA] = gt.loca;
            len[T_LOCA] = gt.loca_len;
        }
    }
    unsigned sel = 0;
    while ((2u << sel) <= count) sel++;
    size_t dir = 12 + 16 * (size_t)count, total = dir;
    for (size_t k = 0; k < NTAGS; k++)
        if (src[k]) total += (len[k] + 3) & ~(size_t)3;
    size_t base = out->len;
    unsigned char zero[4] = {0, 0, 0, 0};
    unsigned char head[12];
    put32(head, 0x00010000UL);
    put16(head + 4, count);
    put16(head + 6, 16u << sel);
    put16(head + 8, sel);
    put16(head + 10, 16u * count - (16u << sel));
    tb_buf_append(out, head, sizeof head);
    size_t at = dir;
    for (size_t k = 0; k < NTAGS; k++) {
        if (!src[k]) continue;
        unsigned char rec[16];
        memcpy(rec, tags[k], 4);
        put32(rec + 4, checksum(src[k], len[k]));
        put32(rec + 8, (unsigned long)at);
        put32(rec + 12, (unsigned long)len[k]);
        tb_buf_append(out, rec, sizeof rec);
        at += (len[k] + 3) & ~(size_t)3;
    }
    for (size_t k = 0; k < NTAGS; k++) {
        if (!src[k]) continue;
        tb_buf_append(out, src[k], len[k]);
        tb_buf_append(out, zero, ((len[k] + 3) & ~(size_t)3) - len[k]);
    }
    free(gt.glyf);
    free(gt.loca);
    if (out->failed) return -1;
    TB_ASSERT(out->len - base == total);
    return 0;
}

const char *pf_load(HPDF_Doc pdf, const unsigned char *ttf, size_t n)
{
    HPDF_Stream s = HPDF_MemStream_New(PH_PTR(pdf, HPDF_Doc_Rec, mmgr), (HPDF_UINT)n);
    if (!s) return NULL;
    if (HPDF_Stream_Write(s, ttf, (HPDF_UINT)n) != HPDF_OK) {
        HPDF_Stream_Free(s);
        return NULL;
    }
    /* On success the definition owns the stream (embedding keeps it). */
    HPDF_FontDef def = HPDF_TTFontDef_Load(PH_PTR(pdf, HPDF_Doc_Rec, mmgr), s, HPDF_TRUE);
    if (!def) return NULL;
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK) return NULL;
    /* The subset tag libharu gives each embedded font: HPDFAA, HPDFAB... */
    char *tag = PH_BYTES(pdf, HPDF_Doc_Rec, ttfont_tag);
    if (tag[0] == 0) {
        memcpy(tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            tag[i] += 1;
            if (tag[i] > 'Z') tag[i] = 'A';
            else break;
        }
    }
    HPDF_TTFontDef_SetTagName(def, tag);
    return PH_BYTES(def, HPDF_FontDef_Rec, base_font);
}
