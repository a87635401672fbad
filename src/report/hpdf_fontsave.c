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
 * held ~0.5 MB of a bundled run's heap peak (massif). Like hpdf_deflate.c's cache, this is
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
    fs_src src[FS_SLOTS];
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

static void slot_free(fs_slot *e)
{
    if (e->src && --e->src->refs == 0) {
        free(e->src->bytes);
        memset(e->src, 0, sizeof *e->src);
    }
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
    for (int i = 0; i < FS_SLOTS; i++) {
        fs_src *s = &fs.src[i];
        if (!s->bytes) {
            if (!free_one) free_one = s;
        } else if (s->len == len && s->hash == hash && stream_equal(src, s->bytes, len)) {
            s->refs++;
            return s;
        }
    }
    /* every slot holds at most one reference: a free entry exists */
    if (!free_one || !(free_one->bytes = stream_copy(src, len))) return NULL;
    free_one->len = len;
    free_one->hash = hash;
    free_one->refs = 1;
    return free_one;
}

/* Keeps what libharu just wrote into dst (from its start) for this key;
 * a copy that fails only means no entry. */
LIBHARU_STRUCTS static void keep(HPDF_TTFontDefAttr a, HPDF_Stream src, size_t src_len, uint64_t hash,
                 const unsigned char *flags_before, HPDF_Stream dst)
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
    e->src = src_ref(src, src_len, hash);
    e->flags = malloc(a->num_glyphs ? a->num_glyphs : 1);
    e->out_len = dst->size;
    e->out = stream_copy(dst, e->out_len);
    if (!e->src || !e->flags || !e->out) {
        slot_free(e);
        return;
    }
    /* the flags as they were when the call began: the key of the next
     * lookup, whatever libharu did to them while saving */
    memcpy(e->flags, flags_before, a->num_glyphs);
    e->src_len = src_len;
    e->src_hash = hash;
    e->num_glyphs = a->num_glyphs;
    memcpy(e->tag, a->tag_name2, sizeof e->tag);
    e->length1 = a->length1;
    e->used = ++fs.clock;
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
    HPDF_STATUS st = save(fontdef, stream);
    if (st == HPDF_OK && flags) keep(a, src, src_len, hash, flags, stream);
    free(flags);
    return st;
}
