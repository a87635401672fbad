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

/* The renumbered tables (owned: free). */
typedef struct glyf_trim {
    unsigned char *glyf, *loca, *hmtx, *hhea, *maxp, *cmap;
    size_t glyf_len, loca_len, hmtx_len, hhea_len, maxp_len, cmap_len;
} glyf_trim;

static void trim_free(glyf_trim *t)
{
    free(t->glyf);
    free(t->loca);
    free(t->hmtx);
    free(t->hhea);
    free(t->maxp);
    free(t->cmap);
    memset(t, 0, sizeof *t);
}

/* Windows-1252's code points that have a glyph, ascending, with their old
 * glyph numbers; returns how many (at most 256). */
static size_t winansi_glyphs(const unsigned char *t4, size_t t4len, unsigned ng,
                             unsigned cps[256], unsigned gids[256])
{
    unsigned all[256];
    size_t n = 0;
    for (unsigned u = 0x20; u <= 0xff; u++)
        if (u < 0x7f || u >= 0xa0) all[n++] = u;
    for (size_t i = 0; i < sizeof cp1252_extra / sizeof cp1252_extra[0]; i++)
        all[n++] = cp1252_extra[i];
    /* insertion sort: a format 4 cmap wants ascending code points */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && all[j - 1] > all[j]; j--) {
            unsigned x = all[j];
            all[j] = all[j - 1];
            all[j - 1] = x;
        }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned g = cmap4_glyph(t4, t4len, all[i]);
        if (g && g < ng) {
            cps[k] = all[i];
            gids[k++] = g;
        }
    }
    return k;
}

/* A cmap with one Windows (3,1) format 4 subtable mapping cps[i] to
 * newg[i] (cps ascending), runs of consecutive codes and glyphs sharing a
 * segment. Returns 0, -2 out of memory. */
static int build_cmap(const unsigned *cps, const unsigned *newg, size_t n, glyf_trim *out)
{
    size_t seg = 1;   /* the closing 0xFFFF segment */
    for (size_t i = 0; i < n; i++)
        if (i == 0 || cps[i] != cps[i - 1] + 1 || newg[i] != newg[i - 1] + 1) seg++;
    size_t sublen = 16 + 8 * seg;
    out->cmap_len = 12 + sublen;
    unsigned char *c = out->cmap = calloc(1, out->cmap_len);
    if (!c) return -2;
    put16(c + 2, 1);                    /* version 0, one subtable */
    put16(c + 4, 3);
    put16(c + 6, 1);
    put32(c + 8, 12);
    unsigned char *t = c + 12;
    unsigned sel = 0;
    while ((2u << sel) <= seg) sel++;
    put16(t, 4);
    put16(t + 2, (unsigned)sublen);
    put16(t + 6, (unsigned)(2 * seg));
    put16(t + 8, 2u << sel);
    put16(t + 10, sel);
    put16(t + 12, (unsigned)(2 * seg) - (2u << sel));
    unsigned char *ends = t + 14, *starts = ends + 2 * seg + 2, *deltas = starts + 2 * seg;
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cps[i] != cps[i - 1] + 1 || newg[i] != newg[i - 1] + 1) {
            if (i > 0) s++;
            put16(starts + 2 * s, cps[i]);
            put16(deltas + 2 * s, (newg[i] - cps[i]) & 0xffffu);
        }
        put16(ends + 2 * s, cps[i]);
    }
    if (n > 0) s++;
    put16(ends + 2 * s, 0xffffu);
    put16(starts + 2 * s, 0xffffu);
    put16(deltas + 2 * s, 1);
    /* idRangeOffset all 0 (calloc) */
    return 0;
}

/* Keeps only the glyphs WinAnsiEncoding can reach (and the components of
 * composite ones), renumbered in their old order: glyf, loca, hmtx (every
 * glyph a full metric), hhea's and maxp's counts and a cmap to the new
 * numbers. Outlines, hinting and advance widths are unchanged, so text
 * looks and measures the same; libharu embeds hmtx and loca whole in every
 * document (~10 KB each for 2,620 glyphs, 230 after), and copies the
 * glyphs a document uses from glyf. Returns 0, -1 on a malformed font, -2
 * out of memory. */
static int trim_glyf(const unsigned char *const *src, const size_t *len, glyf_trim *out)
{
    enum { T_CMAP = 1, T_GLYF = 4, T_HEAD = 5, T_HHEA = 6, T_HMTX = 7, T_LOCA = 8, T_MAXP = 9 };
    const unsigned char *head = src[T_HEAD], *maxp = src[T_MAXP], *loca = src[T_LOCA];
    const unsigned char *glyf = src[T_GLYF], *hhea = src[T_HHEA], *hmtx = src[T_HMTX];
    size_t glyf_len = len[T_GLYF];
    if (!head || !maxp || !loca || !glyf || !hhea || !hmtx || !src[T_CMAP]) return -1;
    if (len[T_HEAD] < 54 || len[T_MAXP] < 6 || len[T_HHEA] < 36) return -1;
    int longfmt = be16(head + 50) != 0;
    unsigned ng = be16(maxp + 4), nhm = be16(hhea + 34);
    if (ng == 0 || nhm == 0 || nhm > ng) return -1;
    if (len[T_LOCA] < (size_t)(ng + 1) * (longfmt ? 4 : 2)) return -1;
    if (len[T_HMTX] < 4 * (size_t)nhm + 2 * (size_t)(ng - nhm)) return -1;
    size_t t4len = 0;
    const unsigned char *t4 = cmap4(src[T_CMAP], len[T_CMAP], &t4len);
    if (!t4) return -1;
    unsigned cps[256], gids[256], newg[256];
    size_t ncp = winansi_glyphs(t4, t4len, ng, cps, gids);
    unsigned char *keep = calloc(ng, 1);
    unsigned *stack = malloc(sizeof *stack * (ng + 1));
    unsigned *map = malloc(sizeof *map * ng);
    if (!keep || !stack || !map) {
        free(keep);
        free(stack);
        free(map);
        return -2;
    }
    size_t sp = 0;
    stack[sp++] = 0;   /* .notdef */
    for (size_t i = 0; i < ncp && sp < ng + 1; i++) stack[sp++] = gids[i];
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
            if (comp >= ng) {
                bad = 1;
                break;
            }
            if (!keep[comp] && sp < ng + 1) stack[sp++] = comp;
            at += 4 + ((flags & 0x0001u) ? 4 : 2);
            if (flags & 0x0008u) at += 2;
            else if (flags & 0x0040u) at += 4;
            else if (flags & 0x0080u) at += 8;
            if (!(flags & 0x0020u)) break;
        }
    }
    free(stack);
    unsigned nn = 0;
    size_t total = 0;
    for (unsigned g = 0; g < ng && !bad; g++) {
        if (!keep[g]) continue;
        map[g] = nn++;
        total += ((LOCA(g + 1) - LOCA(g)) + 3) & ~3UL;
    }
    if (bad || (!longfmt && total / 2 > 0xffffu)) {
        free(keep);
        free(map);
        return -1;
    }
    for (size_t i = 0; i < ncp; i++) newg[i] = map[gids[i]];
    out->glyf_len = total;
    out->loca_len = (size_t)(nn + 1) * (longfmt ? 4 : 2);
    out->hmtx_len = 4 * (size_t)nn;
    out->hhea_len = len[T_HHEA];
    out->maxp_len = len[T_MAXP];
    out->glyf = malloc(total ? total : 1);
    out->loca = malloc(out->loca_len);
    out->hmtx = malloc(out->hmtx_len);
    out->hhea = malloc(out->hhea_len);
    out->maxp = malloc(out->maxp_len);
    if (!out->glyf || !out->loca || !out->hmtx || !out->hhea || !out->maxp ||
        build_cmap(cps, newg, ncp, out) != 0) {
        free(keep);
        free(map);
        trim_free(out);
        return -2;
    }
    memcpy(out->hhea, hhea, out->hhea_len);
    put16(out->hhea + 34, nn);
    memcpy(out->maxp, maxp, out->maxp_len);
    put16(out->maxp + 4, nn);
    size_t pos = 0;
    unsigned k = 0;
    for (unsigned g = 0; g < ng; g++) {
        if (!keep[g]) continue;
        /* metrics: the last full metric's advance repeats after nhm */
        const unsigned char *adv = hmtx + 4 * (size_t)(g < nhm ? g : nhm - 1);
        const unsigned char *lsb = g < nhm ? hmtx + 4 * (size_t)g + 2
                                           : hmtx + 4 * (size_t)nhm + 2 * (size_t)(g - nhm);
        memcpy(out->hmtx + 4 * (size_t)k, adv, 2);
        memcpy(out->hmtx + 4 * (size_t)k + 2, lsb, 2);
        if (longfmt) put32(out->loca + 4 * (size_t)k, (unsigned long)pos);
        else put16(out->loca + 2 * (size_t)k, (unsigned)(pos / 2));
        unsigned long a = LOCA(g), l = LOCA(g + 1) - a;
        unsigned char *dst = out->glyf + pos;
        memcpy(dst, glyf + a, l);
        memset(dst + l, 0, ((l + 3) & ~3UL) - l);
        if (l >= 10 && (be16(dst) & 0x8000u)) {   /* composite: renumber its parts */
            size_t at = 10;
            for (;;) {
                unsigned flags = be16(dst + at);
                put16(dst + at + 2, map[be16(dst + at + 2)]);
                at += 4 + ((flags & 0x0001u) ? 4 : 2);
                if (flags & 0x0008u) at += 2;
                else if (flags & 0x0040u) at += 4;
                else if (flags & 0x0080u) at += 8;
                if (!(flags & 0x0020u)) break;
            }
        }
        pos += (l + 3) & ~3UL;
        k++;
    }
    if (longfmt) put32(out->loca + 4 * (size_t)nn, (unsigned long)pos);
    else put16(out->loca + 2 * (size_t)nn, (unsigned)(pos / 2));
#undef LOCA
    free(keep);
    free(map);
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
    glyf_trim gt;
    memset(&gt, 0, sizeof gt);
    int rc = trim_glyf(src, len, &gt);
    if (rc == -2) {
        out->failed = 1;
        return -1;
    }
    if (rc == 0) {
        /* the renumbered tables, at their indices in tags[] */
        unsigned char *tab[NTAGS] = {NULL, gt.cmap, NULL, NULL, gt.glyf, NULL, gt.hhea,
                                     gt.hmtx, gt.loca, gt.maxp, NULL, NULL, NULL};
        size_t tl[NTAGS] = {0, gt.cmap_len, 0, 0, gt.glyf_len, 0, gt.hhea_len,
                            gt.hmtx_len, gt.loca_len, gt.maxp_len, 0, 0, 0};
        for (size_t k = 0; k < NTAGS; k++)
            if (tab[k]) {
                src[k] = tab[k];
                len[k] = tl[k];
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
    trim_free(&gt);
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
