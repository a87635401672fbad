/* hpdf_fontsave.c - libharu's embedded TrueType subset, made once per
 * process for each (font, glyphs used, subset tag). libharu 2.3.0 rebuilds
 * the subset of every font in every document at save time
 * (HPDF_TTFontDef_SaveFontData: thirteen tables read and written four
 * bytes at a time through its stream calls, then checksummed the same
 * way): 8 % of a network run's instructions, for bytes that repeat, since
 * each kind of report uses the same glyphs in every municipality. This
 * function, linked into the program only (like hpdf_fast.c), takes the
 * place of libharu's for the library's own calls: it runs libharu's
 * version the first time, keeps a copy of what it wrote, and writes that
 * copy again whenever the same source font (compared byte for byte with a
 * kept copy), the same glyph flags and the same subset tag come back, with
 * the same side effect (the font definition's length1). The bytes are
 * those libharu writes, so the PDFs do not change. Anything unusual (a
 * file stream, output appended to a non-empty stream, a failure) goes to
 * libharu's function untouched. The slots of one source font (the glyph
 * sets of every report kind) share one copy of its bytes: a copy each
 * held ~0.5 MB of a bundled run's heap peak (massif).
 *
 * A glyph set not seen before (the first document's, or one a character
 * outside report_draw.c's repertoire brings: names and figures vary by
 * municipality, and without that repertoire a 100-municipality run had
 * 222 distinct subsets) is built here, from the kept copy of the source
 * font, with memcpy and one checksum pass: the bytes libharu's function
 * writes (same tables in the same order, same offsets, its checksum
 * quirks: tables unpadded, the checkSumAdjustment over the tables only, a
 * short last word left out of it), computed from the same fields of the
 * font definition. A font where
 * libharu's reads or seeks would fail, or anything fs_build does not
 * expect, goes to libharu's function, which then does what it does.
 * tests/unit/test_hpdf_fontsave.c compares the two over random glyph sets.
 * Like hpdf_deflate.c's cache, this is
 * process-wide state: libharu's call carries no context of ours, and the
 * program is single-threaded (-j forks workers, each with its own copy). */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

/* Subsets kept: two fonts times the few glyph sets of the report kinds. */
#define FS_SLOTS 12

/* A source font's bytes, shared by the slots made from it. */
typedef struct fs_src {
    unsigned char *bytes;      /* owned; NULL when unused */
    size_t len;
    uint64_t hash;
    int refs;                  /* slots pointing here */
} fs_src;

typedef struct fs_slot {
    fs_src *src;               /* borrowed from fs.src, one reference */
    size_t src_len;
    uint64_t src_hash;
    unsigned char *flags;      /* glyph flags at save time; owned */
    unsigned num_glyphs;
    char tag[sizeof ((HPDF_TTFontDefAttr_Rec *)0)->tag_name2];
    unsigned char *out;        /* what libharu wrote; owned */
    size_t out_len;
    HPDF_UINT length1;
    unsigned long used;
} fs_slot;

static struct {
    fs_slot slot[FS_SLOTS];
    fs_src src[FS_SLOTS + 1];   /* one per slot, and one held while a slot is made */
    unsigned long clock;
} fs;

/* libharu carves its objects out of a pool that does not align them
 * (report_draw.h, RD_POOL_BYTES): the font definition, its attributes and
 * its streams may sit at 4-byte addresses. libharu's own code reads them
 * in place, and so does this file; x86-64 and arm64 do such loads. The
 * functions that read libharu's structs say so to UBSan's alignment check
 * (and only to that one), which would otherwise stop every check-asan run
 * at the first font. */
#define LIBHARU_STRUCTS __attribute__((no_sanitize("alignment")))

typedef HPDF_STATUS (*save_fn)(HPDF_FontDef, HPDF_Stream);

static save_fn libharu_save(void)
{
    save_fn f;
    *(void **)&f = dlsym(RTLD_NEXT, "HPDF_TTFontDef_SaveFontData");
    return f;
}

/* Length of memory stream s, and a 64-bit hash of its bytes (a key only:
 * a match is checked with memcmp; the same bytes in other chunks would
 * only miss). */
LIBHARU_STRUCTS static size_t stream_hash(HPDF_Stream s, uint64_t *hash)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    size_t len = 0;
    HPDF_UINT n = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < n; i++) {
        HPDF_UINT k;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &k);
        if (!p) return (size_t)-1;
        HPDF_UINT j = 0;
        for (; j + 8 <= k; j += 8) {   /* eight bytes a turn: 70 KB per font */
            uint64_t w;
            memcpy(&w, p + j, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdu;
            h ^= h >> 32;
        }
        for (; j < k; j++) h = (h ^ p[j]) * 0x100000001b3u;
        len += k;
    }
    *hash = h ^ len;
    return len;
}

/* 1 when memory stream s holds exactly the len bytes at want. */
LIBHARU_STRUCTS static int stream_equal(HPDF_Stream s, const unsigned char *want, size_t len)
{
    size_t at = 0;
    HPDF_UINT n = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < n; i++) {
        HPDF_UINT k;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &k);
        if (!p || at + k > len || memcmp(p, want + at, k) != 0) return 0;
        at += k;
    }
    return at == len;
}

/* Copies memory stream s (len bytes) into a new buffer, or NULL. */
LIBHARU_STRUCTS static unsigned char *stream_copy(HPDF_Stream s, size_t len)
{
    unsigned char *b = malloc(len ? len : 1), *w = b;
    HPDF_UINT n = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; b && i < n; i++) {
        HPDF_UINT k;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &k);
        if (!p || (size_t)(w - b) + k > len) {
            free(b);
            return NULL;
        }
        memcpy(w, p, k);
        w += k;
    }
    return b;
}

static void src_unref(fs_src *r);

static void slot_free(fs_slot *e)
{
    src_unref(e->src);
    free(e->flags);
    free(e->out);
    memset(e, 0, sizeof *e);
}

LIBHARU_STRUCTS static fs_slot *find(HPDF_TTFontDefAttr a, HPDF_Stream src, size_t src_len, uint64_t hash)
{
    for (int i = 0; i < FS_SLOTS; i++) {
        fs_slot *e = &fs.slot[i];
        if (e->out && e->src_len == src_len && e->src_hash == hash &&
            e->num_glyphs == a->num_glyphs && memcmp(e->tag, a->tag_name2, sizeof e->tag) == 0 &&
            memcmp(e->flags, a->glyph_tbl.flgs, a->num_glyphs) == 0 &&
            stream_equal(src, e->src->bytes, src_len))
            return e;
    }
    return NULL;
}

/* A reference to the kept copy of src (its bytes compared), made when
 * none is kept; NULL when out of memory. */
LIBHARU_STRUCTS static fs_src *src_ref(HPDF_Stream src, size_t len, uint64_t hash)
{
    fs_src *free_one = NULL;
    for (int i = 0; i < FS_SLOTS + 1; i++) {
        fs_src *s = &fs.src[i];
        if (!s->bytes) {
            if (!free_one) free_one = s;
        } else if (s->len == len && s->hash == hash && stream_equal(src, s->bytes, len)) {
            s->refs++;
            return s;
        }
    }
    /* every slot holds at most one reference, and a caller one more: a
     * free entry exists */
    if (!free_one || !(free_one->bytes = stream_copy(src, len))) return NULL;
    free_one->len = len;
    free_one->hash = hash;
    free_one->refs = 1;
    return free_one;
}

static void src_unref(fs_src *r)
{
    if (r && --r->refs == 0) {
        free(r->bytes);
        memset(r, 0, sizeof *r);
    }
}

/* Keeps out (len bytes, taken over) as the subset for this key, with the
 * source reference ref (taken over); flags_before are the glyph flags as
 * they were when the call began, the key of the next lookup. Failing to
 * keep only means no entry. */
LIBHARU_STRUCTS static void keep(HPDF_TTFontDefAttr a, fs_src *ref, size_t src_len, uint64_t hash,
                                 const unsigned char *flags_before, unsigned char *out,
                                 size_t out_len, HPDF_UINT length1)
{
    fs_slot *e = &fs.slot[0];
    for (int i = 0; i < FS_SLOTS; i++) {
        if (!fs.slot[i].out) {
            e = &fs.slot[i];
            break;
        }
        if (fs.slot[i].used < e->used) e = &fs.slot[i];
    }
    slot_free(e);
    e->src = ref;
    e->out = out;
    e->out_len = out_len;
    e->flags = malloc(a->num_glyphs ? a->num_glyphs : 1);
    if (!e->src || !e->out || !e->flags) {
        slot_free(e);
        return;
    }
    memcpy(e->flags, flags_before, a->num_glyphs);
    e->src_len = src_len;
    e->src_hash = hash;
    e->num_glyphs = a->num_glyphs;
    memcpy(e->tag, a->tag_name2, sizeof e->tag);
    e->length1 = length1;
    e->used = ++fs.clock;
}

/* ------------------------------------------------ the subset, made here */

/* libharu's table order (hpdf_fontdef_tt.c's REQUIRED_TAGS). */
#define FS_NTAGS 13
static const char fs_tags[FS_NTAGS][5] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                          "hmtx", "loca", "maxp", "name", "post", "prep"};
/* The offset table and table directory before the tables. */
#define FS_DIR_LEN (12 + 16 * FS_NTAGS)
/* libharu's memory streams' block size (HPDF_STREAM_BUF_SIZ), whose seek
 * to the very end of a stream that fills its blocks fails. */
#define FS_BLOCK 4096u

typedef struct fs_w {
    unsigned char *p;   /* owned */
    size_t n, cap;
    int failed;
} fs_w;

static void w_bytes(fs_w *w, const void *b, size_t n)
{
    if (w->failed) return;
    if (n > w->cap - w->n) {
        size_t cap = w->cap ? w->cap : 65536;
        while (cap - w->n < n) cap *= 2;
        unsigned char *p = realloc(w->p, cap);
        if (!p) {
            w->failed = 1;
            return;
        }
        w->p = p;
        w->cap = cap;
    }
    if (n) memcpy(w->p + w->n, b, n);
    w->n += n;
}

static void put_be(unsigned char *b, uint32_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8) b[i] = (unsigned char)(v & 0xff);
}

static void w_u16(fs_w *w, unsigned v)
{
    unsigned char b[2];
    put_be(b, v & 0xffffu, 2);
    w_bytes(w, b, 2);
}

static void w_u32(fs_w *w, uint32_t v)
{
    unsigned char b[4];
    put_be(b, v, 4);
    w_bytes(w, b, 4);
}

/* The sum of the big-endian words of b[0, len); a short last word counts
 * padded with zeros when pad, and not at all otherwise. */
static uint32_t be_sum(const unsigned char *b, size_t len, int pad)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += (uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 | (uint32_t)b[i + 2] << 8 | b[i + 3];
    if (pad && i < len) {
        unsigned char last[4] = {0, 0, 0, 0};
        memcpy(last, b + i, len - i);
        sum += (uint32_t)last[0] << 24 | (uint32_t)last[1] << 16 | (uint32_t)last[2] << 8 | last[3];
    }
    return sum;
}

/* The source range [off, off + len) when libharu's seek to off and reads
 * of len bytes succeed on a source of src_len bytes; -1 otherwise. */
static int src_range(uint64_t off, uint64_t len, size_t src_len)
{
    return off < src_len && len <= src_len - off ? 0 : -1;
}

LIBHARU_STRUCTS static const HPDF_TTFTable *fs_table(HPDF_TTFontDefAttr a, const char *tag)
{
    for (HPDF_UINT i = 0; i < a->offset_tbl.num_tables; i++)
        if (memcmp(a->offset_tbl.table[i].tag, tag, 4) == 0) return &a->offset_tbl.table[i];
    return NULL;
}

/* The "head" table as libharu writes it, its checkSumAdjustment 0 (*adj
 * gets that field's offset in w). */
LIBHARU_STRUCTS static void w_head(fs_w *w, HPDF_TTFontDefAttr a, size_t *adj)
{
    const HPDF_TTF_FontHeader *h = &a->header;
    w_bytes(w, h->version_number, 4);
    w_u32(w, h->font_revision);
    *adj = w->n;
    w_u32(w, 0);
    w_u32(w, h->magic_number);
    w_u16(w, h->flags);
    w_u16(w, h->units_per_em);
    w_bytes(w, h->created, 8);
    w_bytes(w, h->modified, 8);
    w_u16(w, (HPDF_UINT16)h->x_min);
    w_u16(w, (HPDF_UINT16)h->y_min);
    w_u16(w, (HPDF_UINT16)h->x_max);
    w_u16(w, (HPDF_UINT16)h->y_max);
    w_u16(w, h->mac_style);
    w_u16(w, h->lowest_rec_ppem);
    w_u16(w, (HPDF_UINT16)h->font_direction_hint);
    w_u16(w, (HPDF_UINT16)h->index_to_loc_format);
    w_u16(w, (HPDF_UINT16)h->glyph_data_format);
}

/* "glyf": the flagged glyphs, one after another; loca[] gets each glyph's
 * new offset as libharu counts it (halved in the short format, an
 * unflagged glyph at the end of the last flagged one). 0 or -1. */
LIBHARU_STRUCTS static int w_glyf(fs_w *w, HPDF_TTFontDefAttr a, const unsigned char *src,
                                  size_t src_len, uint32_t *loca)
{
    int shortf = a->header.index_to_loc_format == 0;
    const HPDF_TTF_GryphOffsets *g = &a->glyph_tbl;
    size_t start = w->n;
    uint32_t save = 0;
    for (unsigned i = 0; i < a->num_glyphs; i++) {
        if (g->flgs[i] != 1) {
            loca[i] = save;
            continue;
        }
        uint32_t off = g->offsets[i], len = g->offsets[i + 1] - off;
        uint64_t from = (uint64_t)off, n = len;
        loca[i] = (uint32_t)(w->n - start);
        if (shortf) {
            loca[i] /= 2;
            n *= 2;
            from *= 2;
        }
        from += g->base_offset;
        /* libharu's int arithmetic: a length it would not read whole */
        if ((uint32_t)n != n || src_range(from, n, src_len)) return -1;
        w_bytes(w, src + from, (size_t)n);
        save = (uint32_t)(w->n - start);
        if (shortf) save /= 2;
    }
    loca[a->num_glyphs] = save;
    return 0;
}

/* "name": libharu's records, the subset tag before the family and full
 * names, the strings after the records. 0 or -1. */
LIBHARU_STRUCTS static int w_name(fs_w *w, HPDF_TTFontDefAttr a, const unsigned char *src,
                                  size_t src_len)
{
    const HPDF_TTFTable *t = fs_table(a, "name");
    if (!t) return -1;
    const HPDF_TTF_NamingTable *nt = &a->name_tbl;
    w_u16(w, nt->format);
    w_u16(w, nt->count);
    w_u16(w, nt->string_offset);
    fs_w str = {0};
    int rc = 0;
    for (unsigned i = 0; i < nt->count && !rc; i++) {
        const HPDF_TTF_NameRecord *r = &nt->name_records[i];
        size_t at = str.n, len = r->length;
        if (r->name_id == 1 || r->name_id == 4) {
            if (r->platform_id == 0 || r->platform_id == 3) {
                w_bytes(&str, a->tag_name2, sizeof a->tag_name2);
                len += sizeof a->tag_name2;
            } else {
                w_bytes(&str, a->tag_name, sizeof a->tag_name);
                len += sizeof a->tag_name;
            }
        }
        w_u16(w, r->platform_id);
        w_u16(w, r->encoding_id);
        w_u16(w, r->language_id);
        w_u16(w, r->name_id);
        w_u16(w, (unsigned)(len & 0xffffu));
        w_u16(w, (unsigned)(at & 0xffffu));
        uint64_t from = (uint64_t)t->offset + nt->string_offset + r->offset;
        if (src_range(from, r->length, src_len)) rc = -1;
        else w_bytes(&str, src + from, r->length);
    }
    if (str.failed) w->failed = 1;
    if (!rc) w_bytes(w, str.p, str.n);
    free(str.p);
    return rc;
}

/* The bytes libharu's HPDF_TTFontDef_SaveFontData writes for a, whose
 * source font is src[0, src_len), into a new buffer (*len bytes), and the
 * length1 it sets. NULL: out of memory, or a font where libharu's own
 * reads or seeks would fail (its function then says how). */
LIBHARU_STRUCTS static unsigned char *fs_build(HPDF_TTFontDefAttr a, const unsigned char *src,
                                              size_t src_len, size_t *len, HPDF_UINT *length1)
{
    fs_w w = {0};
    uint32_t *loca = malloc(((size_t)a->num_glyphs + 1) * sizeof *loca);
    uint32_t toff[FS_NTAGS], tlen[FS_NTAGS];
    size_t adj = 0;
    int rc = loca ? 0 : -1;
    unsigned char zero[FS_DIR_LEN] = {0};
    w_bytes(&w, zero, sizeof zero);   /* the directory, filled in below */
    for (int i = 0; i < FS_NTAGS && !rc; i++) {
        const HPDF_TTFTable *t = fs_table(a, fs_tags[i]);
        uint32_t off = t ? t->offset : 0, n = t ? t->length : 0;
        /* libharu seeks the source to every table first */
        if (off >= src_len) rc = -1;
        toff[i] = (uint32_t)(w.n - FS_DIR_LEN);
        if (rc) break;
        if (!strcmp(fs_tags[i], "head")) {
            w_head(&w, a, &adj);
        } else if (!strcmp(fs_tags[i], "glyf")) {
            rc = w_glyf(&w, a, src, src_len, loca);
        } else if (!strcmp(fs_tags[i], "loca")) {
            for (unsigned j = 0; j <= a->num_glyphs; j++) {
                if (a->header.index_to_loc_format == 0) w_u16(&w, loca[j] & 0xffffu);
                else w_u32(&w, loca[j]);
            }
        } else if (!strcmp(fs_tags[i], "name")) {
            rc = w_name(&w, a, src, src_len);
        } else if (src_range(off, n, src_len)) {
            rc = -1;
        } else {
            w_bytes(&w, src + off, n);
        }
        tlen[i] = (uint32_t)(w.n - FS_DIR_LEN - toff[i]);
    }
    free(loca);
    if (rc || w.failed || w.n - FS_DIR_LEN > UINT32_MAX - FS_DIR_LEN) {
        free(w.p);
        return NULL;
    }
    unsigned char *tb = w.p + FS_DIR_LEN;
    size_t total = w.n - FS_DIR_LEN;
    unsigned char *d = w.p;
    put_be(d, a->offset_tbl.sfnt_version, 4);
    put_be(d + 4, FS_NTAGS, 2);
    put_be(d + 6, a->offset_tbl.search_range, 2);
    put_be(d + 8, a->offset_tbl.entry_selector, 2);
    put_be(d + 10, a->offset_tbl.range_shift, 2);
    for (int i = 0; i < FS_NTAGS; i++) {
        /* libharu's checksum pass seeks to every table: a seek to the very
         * end of a stream whose blocks are full fails */
        if (toff[i] == total && total && total % FS_BLOCK == 0) {
            free(w.p);
            return NULL;
        }
        unsigned char *e = d + 12 + 16 * i;
        memcpy(e, fs_tags[i], 4);
        put_be(e + 4, be_sum(tb + toff[i], tlen[i], 1), 4);
        put_be(e + 8, toff[i] + FS_DIR_LEN, 4);
        put_be(e + 12, tlen[i], 4);
    }
    put_be(w.p + adj, 0xB1B0AFBAu - be_sum(tb, total, 0), 4);
    *len = w.n;
    *length1 = (HPDF_UINT)(total + FS_DIR_LEN);
    return w.p;
}

LIBHARU_STRUCTS HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream)
{
    save_fn save = libharu_save();
    if (!save) return HPDF_INVALID_FONTDEF_DATA;
    HPDF_TTFontDefAttr a = fontdef ? (HPDF_TTFontDefAttr)fontdef->attr : NULL;
    HPDF_Stream src = a ? a->stream : NULL;
    if (!a || !src || !stream || src->type != HPDF_STREAM_MEMORY ||
        stream->type != HPDF_STREAM_MEMORY || stream->size != 0 || !a->glyph_tbl.flgs)
        return save(fontdef, stream);
    uint64_t hash;
    size_t src_len = stream_hash(src, &hash);
    if (src_len == (size_t)-1) return save(fontdef, stream);
    fs_slot *hit = find(a, src, src_len, hash);
    if (hit) {
        HPDF_STATUS st = HPDF_Stream_Write(stream, hit->out, (HPDF_UINT)hit->out_len);
        if (st == HPDF_OK) a->length1 = hit->length1;
        hit->used = ++fs.clock;
        return st;
    }
    unsigned char *flags = malloc(a->num_glyphs ? a->num_glyphs : 1);
    if (flags) memcpy(flags, a->glyph_tbl.flgs, a->num_glyphs);
    fs_src *ref = src_ref(src, src_len, hash);
    size_t out_len = 0;
    HPDF_UINT length1 = 0;
    unsigned char *out = ref ? fs_build(a, ref->bytes, ref->len, &out_len, &length1) : NULL;
    HPDF_STATUS st;
    if (out) {
        st = HPDF_Stream_Write(stream, out, (HPDF_UINT)out_len);
        if (st == HPDF_OK) a->length1 = length1;
    } else {
        st = save(fontdef, stream);
        length1 = a->length1;
        out_len = stream->size;
        if (st == HPDF_OK && ref) out = stream_copy(stream, out_len);
    }
    if (st == HPDF_OK && flags) {
        keep(a, ref, src_len, hash, flags, out, out_len, length1);
    } else {
        src_unref(ref);
        free(out);
    }
    free(flags);
    return st;
}
