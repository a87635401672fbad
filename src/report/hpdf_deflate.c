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
 * versions (README). Only whole-stream use (Z_NO_FLUSH then Z_FINISH) is
 * offered by our streams: libharu's only use; any other flush on them is a
 * Z_STREAM_ERROR, which libharu reports as its zlib error. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

/* libdeflate's level for libharu's Z_DEFAULT_COMPRESSION (and any level it
 * might pass): 6 gives smaller streams than zlib's 6 at twice its speed;
 * 1 is twice as fast again at ~5 % more bytes (measured on our PDFs). */
#define HD_LEVEL 6

typedef struct hd_stream {
    unsigned char *in;      /* input collected so far; owned */
    size_t in_len, in_cap;
    unsigned char *out;     /* the compressed stream once finished; owned */
    size_t out_len, out_pos;
    int level;
} hd_stream;

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
    s->level = HD_LEVEL;
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

/* Compresses everything collected. Returns 0, or -1 out of memory. */
static int finish(hd_stream *s)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(s->level);
    if (!c) return -1;
    size_t bound = libdeflate_zlib_compress_bound(c, s->in_len);
    s->out = malloc(bound);
    if (!s->out) {
        libdeflate_free_compressor(c);
        return -1;
    }
    s->out_len = libdeflate_zlib_compress(c, s->in, s->in_len, s->out, bound);
    libdeflate_free_compressor(c);
    free(s->in);
    s->in = NULL;
    s->in_len = s->in_cap = 0;
    return s->out_len ? 0 : -1;   /* 0 only if bound was wrong: never */
}

int deflate(z_streamp strm, int flush)
{
    hd_stream *s = ours(strm);
    if (!s) {
        int (*next)(z_streamp, int);
        *(void **)&next = dlsym(RTLD_NEXT, "deflate");
        return next ? next(strm, flush) : Z_STREAM_ERROR;
    }
    if (flush != Z_NO_FLUSH && flush != Z_FINISH) return Z_STREAM_ERROR;
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
        int (*next)(z_streamp);
        *(void **)&next = dlsym(RTLD_NEXT, "deflateEnd");
        return next ? next(strm) : Z_STREAM_ERROR;
    }
    free(s->in);
    free(s->out);
    free(s);
    strm->state = Z_NULL;
    strm->zalloc = Z_NULL;
    return Z_OK;
}
