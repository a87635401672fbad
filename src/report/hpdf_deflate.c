/* hpdf_deflate.c - libharu's deflate streams through libdeflate. libharu
 * 2.3.0 compresses every page, font file and XMP/ICC stream with zlib at
 * Z_DEFAULT_COMPRESSION through deflateInit_/deflate/deflateEnd; in a
 * network run that was ~40 % of the CPU (perf). Debian's libdeflate 1.14
 * compresses the same streams about twice as fast at level 6, with
 * slightly smaller output, but only whole buffers: these three functions,
 * linked into the program (not libtablero.a, like hpdf_fast.c), take
 * precedence over zlib's for every shared library's calls. A stream opened
 * by our deflateInit_ collects its input until Z_FINISH, is compressed in
 * one call, and is handed out as zlib's would be (zlib format: header,
 * deflate data, Adler-32), in whatever pieces the caller's buffer takes.
 * Streams opened by zlib's deflateInit2_ (libxlsxwriter's zip writer,
 * libpng) are recognised by their zalloc field and passed on to zlib
 * untouched. The output is a function of the input and libdeflate's
 * version, so the PDFs stay byte-reproducible for a given set of library
 * versions (README). A stream whose input passes HD_MAX_COLLECT (the
 * network summary's pages with a mark per municipality) goes on through
 * zlib at its fastest level from there: memory stays bounded (a whole-buffer
 * copy of a multi-megabyte page, and its output, raised the peak of a
 * 2,300-municipality run by 8 MiB), and the bytes stay a function of the
 * input. Only whole-stream use (Z_NO_FLUSH then Z_FINISH) is
 * offered by our streams: libharu's only use; any other flush on them is a
 * Z_STREAM_ERROR, which libharu reports as its zlib error.
 *
 * Every PDF of a run embeds the same ICC profile, pattern streams and
 * ToUnicode maps, and, per font, the same subset (libharu keeps the glyphs
 * a document uses, and report_draw.c has every document use one
 * repertoire). A stream seen a second time, or a font file, ICC profile or
 * CMap the first time (the kinds that repeat: a one-city run has only 9
 * documents), is kept, input and output, in a small cache (hd_cache:
 * length, a 64-bit hash, then memcmp against the kept input before a copy
 * of the kept output is handed out), so it is compressed once per process;
 * the bytes out are those libdeflate would give, so the PDFs do not
 * change. The cache is this file's process-wide state: zlib's interface
 * carries no context of ours to hang it on, and the program is
 * single-threaded (-j forks workers, each with its own copy). */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

/* libdeflate's levels for libharu's Z_DEFAULT_COMPRESSION (and any level
 * it might pass), chosen by what the stream holds, which keeps the bytes a
 * function of the input. Page contents at HD_LEVEL_PAGE: in a
 * 100-municipality run they are 31 MB of input, none seen twice, and level
 * 1 compresses them in 0.18 s instead of 0.42 s at 6 (libdeflate 1.14) for
 * 7.7 % more bytes (8.98 MB for 8.34 MB). Font files, ICC profiles and
 * ToUnicode CMaps at HD_LEVEL_RESOURCE: they repeat from one document to
 * the next, so most are compressed once (the cache below) and every copy
 * carries the bytes level 1 would add (fonts +3.6 %, CMaps +23 %).
 * Measured over every stream of that run, levels 1 to 12, in the commit
 * that set these. */
#ifndef HD_LEVEL_PAGE
#define HD_LEVEL_PAGE 1
#endif
#ifndef HD_LEVEL_RESOURCE
#define HD_LEVEL_RESOURCE 6
#endif
/* Input bytes a stream collects for libdeflate before it turns to zlib. */
#define HD_MAX_COLLECT (1u << 20)
/* Streams the cache considers (a smaller one compresses in less time than
 * it takes to look up), the streams it remembers having seen once, its
 * slots and the bytes it may keep (inputs and outputs): a few hundred
 * KiB hold the profile, the patterns and the font subsets of every kind
 * of report. */
#define HD_CACHE_MIN 2048u
#define HD_CACHE_MAX (256u * 1024u)
#define HD_SEEN 64
#define HD_SLOTS 16
#define HD_CACHE_BYTES (1024u * 1024u)

typedef struct hd_slot {
    unsigned char *in, *out;   /* owned; NULL when the slot is free */
    size_t in_len, out_len;
    uint64_t hash;
    unsigned long used;        /* clock of the last hit or insertion */
} hd_slot;

typedef struct hd_cache {
    struct { size_t len; uint64_t hash; } seen[HD_SEEN];
    size_t seen_next;
    hd_slot slot[HD_SLOTS];
    size_t bytes;
    unsigned long clock;
} hd_cache;

static hd_cache cache;

typedef struct hd_stream {
    unsigned char *in;      /* input collected so far; owned */
    size_t in_len, in_cap;
    unsigned char *out;     /* the compressed stream once finished; owned */
    size_t out_len, out_pos;
    z_stream *z;            /* zlib's stream past HD_MAX_COLLECT; owned */
    int draining;           /* 1 while z still reads the collected input */
} hd_stream;

typedef int (*hd_init_fn)(z_streamp, int, const char *, int);
typedef int (*hd_deflate_fn)(z_streamp, int);
typedef int (*hd_end_fn)(z_streamp);

/* zlib's own functions, behind ours (NULL if not found). */
static hd_init_fn zlib_init(void)
{
    hd_init_fn f;
    *(void **)&f = dlsym(RTLD_NEXT, "deflateInit_");
    return f;
}

static hd_deflate_fn zlib_deflate(void)
{
    hd_deflate_fn f;
    *(void **)&f = dlsym(RTLD_NEXT, "deflate");
    return f;
}

static hd_end_fn zlib_end(void)
{
    hd_end_fn f;
    *(void **)&f = dlsym(RTLD_NEXT, "deflateEnd");
    return f;
}

/* Opens zlib's stream over what s collected. Returns a zlib status. */
static int to_zlib(hd_stream *s)
{
    hd_init_fn init = zlib_init();
    if (!init) return Z_STREAM_ERROR;
    s->z = calloc(1, sizeof *s->z);
    if (!s->z) return Z_MEM_ERROR;
    /* only page contents grow this large: zlib's fastest level, as
     * libdeflate's is for the other pages (the network summary's pages
     * took 4 % of the run's serial part at level 6) */
    int rc = init(s->z, Z_BEST_SPEED, ZLIB_VERSION, (int)sizeof(z_stream));
    if (rc != Z_OK) {
        free(s->z);
        s->z = NULL;
        return rc;
    }
    s->z->next_in = s->in;
    s->z->avail_in = (uInt)s->in_len;
    s->draining = s->in_len > 0;
    return Z_OK;
}

/* One deflate call through zlib: first the collected input, then the
 * caller's, into the caller's output buffer. */
static int via_zlib(hd_stream *s, z_streamp strm, int flush)
{
    hd_deflate_fn next = zlib_deflate();
    if (!next) return Z_STREAM_ERROR;
    z_stream *z = s->z;
    z->next_out = strm->next_out;
    z->avail_out = strm->avail_out;
    int rc = Z_OK;
    if (s->draining) {
        rc = next(z, Z_NO_FLUSH);
        if (z->avail_in == 0) {
            s->draining = 0;
            free(s->in);
            s->in = NULL;
            s->in_len = s->in_cap = 0;
        }
    }
    if (!s->draining && z->avail_out > 0 && rc == Z_OK) {
        z->next_in = strm->next_in;
        z->avail_in = strm->avail_in;
        rc = next(z, flush);
        strm->total_in += (uLong)(strm->avail_in - z->avail_in);
        strm->next_in = z->next_in;
        strm->avail_in = z->avail_in;
    }
    strm->total_out += (uLong)(strm->avail_out - z->avail_out);
    strm->next_out = z->next_out;
    strm->avail_out = z->avail_out;
    return rc;
}

/* The mark in z_stream.zalloc of a stream we opened; never called (our
 * streams allocate with malloc). */
static voidpf hd_mark(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    (void)items;
    (void)size;
    return Z_NULL;
}

static hd_stream *ours(z_streamp strm)
{
    return strm && strm->zalloc == hd_mark ? (hd_stream *)(void *)strm->state : NULL;
}

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    if (!strm || !version || version[0] != ZLIB_VERSION[0] || stream_size != (int)sizeof(z_stream))
        return Z_VERSION_ERROR;
    if (level != Z_DEFAULT_COMPRESSION && (level < 0 || level > 9)) return Z_STREAM_ERROR;
    hd_stream *s = calloc(1, sizeof *s);
    if (!s) return Z_MEM_ERROR;
    strm->state = (struct internal_state *)(void *)s;
    strm->zalloc = hd_mark;
    strm->total_in = strm->total_out = 0;
    strm->msg = Z_NULL;
    return Z_OK;
}

/* Appends the caller's pending input to s. Returns 0, or -1 out of memory. */
static int take_input(hd_stream *s, z_streamp strm)
{
    size_t n = strm->avail_in;
    if (n == 0) return 0;
    if (n > s->in_cap - s->in_len) {
        size_t cap = s->in_cap ? s->in_cap : 16384;
        while (cap - s->in_len < n) cap *= 2;
        unsigned char *p = realloc(s->in, cap);
        if (!p) return -1;
        s->in = p;
        s->in_cap = cap;
    }
    memcpy(s->in + s->in_len, strm->next_in, n);
    s->in_len += n;
    strm->next_in += n;
    strm->avail_in = 0;
    strm->total_in += (uLong)n;
    return 0;
}

/* A 64-bit hash of p, eight bytes at a time: only a key, every match is
 * checked with memcmp. */
static uint64_t hd_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3u;
    h ^= h >> 29;
    return h * 0xc4ceb9fe1a85ec53u;
}

static hd_slot *cache_find(const unsigned char *in, size_t len, uint64_t hash)
{
    for (size_t i = 0; i < HD_SLOTS; i++) {
        hd_slot *e = &cache.slot[i];
        if (e->in && e->in_len == len && e->hash == hash && memcmp(e->in, in, len) == 0)
            return e;
    }
    return NULL;
}

/* 1 if (len, hash) was seen before; else remembers it and returns 0. */
static int cache_seen(size_t len, uint64_t hash)
{
    for (size_t i = 0; i < HD_SEEN; i++)
        if (cache.seen[i].len == len && cache.seen[i].hash == hash) return 1;
    cache.seen[cache.seen_next].len = len;
    cache.seen[cache.seen_next].hash = hash;
    cache.seen_next = (cache.seen_next + 1) % HD_SEEN;
    return 0;
}

static void slot_free(hd_slot *e)
{
    cache.bytes -= e->in_len + e->out_len;
    free(e->in);
    free(e->out);
    memset(e, 0, sizeof *e);
}

/* Keeps in (taking it: the caller lets go of it) and a copy of out under
 * hash, evicting the least recently used slots to make room. A copy that
 * fails only means no cache entry. */
static void cache_put(unsigned char *in, size_t in_len, uint64_t hash, const unsigned char *out,
                      size_t out_len)
{
    size_t need = in_len + out_len;
    if (need > HD_CACHE_BYTES) {
        free(in);
        return;
    }
    hd_slot *free_slot = NULL;
    for (;;) {
        hd_slot *oldest = NULL;
        free_slot = NULL;
        for (size_t i = 0; i < HD_SLOTS; i++) {
            hd_slot *e = &cache.slot[i];
            if (!e->in) {
                if (!free_slot) free_slot = e;
            } else if (!oldest || e->used < oldest->used) {
                oldest = e;
            }
        }
        if (free_slot && cache.bytes + need <= HD_CACHE_BYTES) break;
        slot_free(oldest);   /* some slot is taken: the cache is full or a slot is missing */
    }
    unsigned char *fit = realloc(in, in_len);   /* collected with room to grow */
    if (fit) in = fit;
    unsigned char *o = malloc(out_len);
    if (!o) {
        free(in);
        return;
    }
    memcpy(o, out, out_len);
    *free_slot = (hd_slot){in, o, in_len, out_len, hash, ++cache.clock};
    cache.bytes += need;
}

/* The level for the stream in[0..len): HD_LEVEL_RESOURCE for a
 * TrueType/OpenType font file, an ICC profile or a CMap, HD_LEVEL_PAGE
 * for the rest (page contents: libharu compresses nothing else). */
static int hd_level(const unsigned char *in, size_t len)
{
    static const unsigned char sfnt[4] = {0, 1, 0, 0};
    if (len >= 4 && (memcmp(in, sfnt, 4) == 0 || memcmp(in, "true", 4) == 0 ||
                     memcmp(in, "OTTO", 4) == 0))
        return HD_LEVEL_RESOURCE;
    if (len >= 40 && memcmp(in + 36, "acsp", 4) == 0) return HD_LEVEL_RESOURCE;
    if (len >= 8 && memcmp(in, "/CIDInit", 8) == 0) return HD_LEVEL_RESOURCE;
    return HD_LEVEL_PAGE;
}

/* Compresses everything collected, or copies what the cache kept for the
 * same input. Returns 0, or -1 out of memory. */
static int finish(hd_stream *s)
{
    int cacheable = s->in_len >= HD_CACHE_MIN && s->in_len <= HD_CACHE_MAX;
    uint64_t hash = cacheable ? hd_hash(s->in, s->in_len) : 0;
    hd_slot *hit = cacheable ? cache_find(s->in, s->in_len, hash) : NULL;
    if (hit) {
        s->out = malloc(hit->out_len);
        if (!s->out) return -1;
        memcpy(s->out, hit->out, hit->out_len);
        s->out_len = hit->out_len;
        hit->used = ++cache.clock;
    } else {
        /* one compressor per stream: libdeflate hands out an aligned
         * pointer inside its block, which valgrind would call "possibly
         * lost" if a process kept it until exit */
        int level = hd_level(s->in, s->in_len);
        struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
        if (!c) return -1;
        size_t bound = libdeflate_zlib_compress_bound(c, s->in_len);
        s->out = malloc(bound);
        if (s->out) s->out_len = libdeflate_zlib_compress(c, s->in, s->in_len, s->out, bound);
        libdeflate_free_compressor(c);
        if (!s->out || !s->out_len) return -1;   /* out_len 0 only if bound was wrong: never */
        if (cacheable && (level == HD_LEVEL_RESOURCE || cache_seen(s->in_len, hash))) {
            cache_put(s->in, s->in_len, hash, s->out, s->out_len);
            s->in = NULL;
        }
    }
    free(s->in);
    s->in = NULL;
    s->in_len = s->in_cap = 0;
    return 0;
}

int deflate(z_streamp strm, int flush)
{
    hd_stream *s = ours(strm);
    if (!s) {
        hd_deflate_fn next = zlib_deflate();
        return next ? next(strm, flush) : Z_STREAM_ERROR;
    }
    if (flush != Z_NO_FLUSH && flush != Z_FINISH) return Z_STREAM_ERROR;
    if (!s->z && !s->out && s->in_len + strm->avail_in > HD_MAX_COLLECT) {
        int rc = to_zlib(s);
        if (rc != Z_OK) return rc;
    }
    if (s->z) return via_zlib(s, strm, flush);
    if (!s->out) {
        int progress = strm->avail_in > 0;
        if (take_input(s, strm) != 0) return Z_MEM_ERROR;
        if (flush == Z_NO_FLUSH) return progress ? Z_OK : Z_BUF_ERROR;
        if (finish(s) != 0) return Z_MEM_ERROR;
    } else if (strm->avail_in > 0) {
        return Z_STREAM_ERROR;   /* input after Z_FINISH */
    }
    size_t n = s->out_len - s->out_pos;
    if (n > strm->avail_out) n = strm->avail_out;
    memcpy(strm->next_out, s->out + s->out_pos, n);
    s->out_pos += n;
    strm->next_out += n;
    strm->avail_out -= (uInt)n;
    strm->total_out += (uLong)n;
    return s->out_pos == s->out_len ? Z_STREAM_END : Z_OK;
}

int deflateEnd(z_streamp strm)
{
    hd_stream *s = ours(strm);
    if (!s) {
        hd_end_fn next = zlib_end();
        return next ? next(strm) : Z_STREAM_ERROR;
    }
    if (s->z) {
        hd_end_fn end = zlib_end();
        if (end) (void)end(s->z);
        free(s->z);
    }
    free(s->in);
    free(s->out);
    free(s);
    strm->state = Z_NULL;
    strm->zalloc = Z_NULL;
    return Z_OK;
}
