/* report_draw.h - drawing primitives of the PDF report on top of libharu:
 * the drawing context (document, fonts, page list, flow cursor, error jump),
 * UTF-8 text through Windows-1252, wrapped paragraphs, shapes, colours and
 * Spanish number formatting. Internal to the report module. */
#ifndef TABLERO_REPORT_DRAW_H
#define TABLERO_REPORT_DRAW_H

#include <setjmp.h>
#include <stddef.h>

#include <hpdf.h>
#include <nettle/sha2.h>

#include "common.h"
#include "pdf_meta.h"
#include "pdf_tag.h"

/* Embedded fonts and the output-intent profile (Debian: fonts-liberation2,
 * icc-profiles-free). Liberation Sans has Helvetica's metrics, so the
 * layout measured for base-14 Helvetica holds. */
#ifndef RD_FONT_DIR
#define RD_FONT_DIR "/usr/share/fonts/truetype/liberation2"
#endif
#ifndef RD_ICC_PATH
#define RD_ICC_PATH "/usr/share/color/icc/sRGB.icc"
#endif
#define RD_LANG "es-AR"

/* A4 portrait in points, and the page frame every section uses. */
#define RD_PAGE_W 595.0f
#define RD_PAGE_H 842.0f
#define RD_MARGIN 50.0f
#define RD_TOP (RD_PAGE_H - RD_MARGIN)
#define RD_BOTTOM 62.0f               /* lowest baseline of body text */
#define RD_CONTENT_W (RD_PAGE_W - 2 * RD_MARGIN)

/* Type scale. */
#define RD_SIZE_TITLE 26.0f
#define RD_SIZE_H1 18.0f
#define RD_SIZE_H2 13.0f
#define RD_SIZE_BODY 10.0f
#define RD_SIZE_TABLE 8.5f
#define RD_SIZE_SMALL 8.0f
/* No text a reader sees is drawn smaller: smaller requests are raised to
 * it (and their leading with them) by the drawing functions. */
#define RD_MIN_TEXT 8.0f

#define RD_NSCRATCH 4

typedef struct rd_rgb {
    float r, g, b;
} rd_rgb;

/* Builds a colour from 0xRRGGBB. Pure. */
rd_rgb rd_hex(unsigned long hex);

/* Palette. */
#define RD_NAVY 0x1f3b57UL
#define RD_INK 0x2b2b2bUL
#define RD_MUTED 0x5f6673UL   /* 5:1 on RD_TILE, the lightest tint it sits on */
#define RD_RULE 0xc9ced6UL
#define RD_ZEBRA 0xf3f5f8UL
#define RD_TILE 0xeaf0f6UL
#define RD_MISSING 0xe6e6e6UL
#define RD_BAND 0x3a6ea5UL
#define RD_WHITE 0xffffffUL

/* Where a failed libharu call or allocation lands: the libharu error
 * handler receives a pointer to this (user data) and longjmps. */
typedef struct rd_fail {
    jmp_buf jb;
    unsigned long error_no, detail_no;
    int oom;              /* 1 when our own allocation failed */
    int enomem;           /* 1 when errno was ENOMEM as libharu failed: its
                             own allocation failed, whatever error it
                             reported last (it often overwrites
                             HPDF_FAILD_TO_ALLOC_MEM with a later one) */
} rd_fail;

/* libharu allocates each document from a pool of blocks of this size
 * (HPDF_NewEx's mem_pool_buf_size), freed all at once by HPDF_Free. Why:
 * libharu 2.3.0's out-of-memory paths free objects and then use them
 * (HPDF_Page_New's AddResource: the resource dictionary that Dict_Add just
 * freed gets "ProcSet" added), a crash that no caller can prevent; with a
 * pool, libharu's frees are no-ops until HPDF_Free, so those paths read
 * valid memory, fail, and reach our handler. A side benefit: a few dozen
 * mallocs per document instead of thousands. Caveat: libharu's pool does
 * not align its carve-outs (its HPDF_ALINMENT_SIZ is never defined), which
 * x86-64 and arm64 tolerate for the plain loads libharu does. */
#define RD_POOL_BYTES (64u * 1024u)

typedef enum rd_font_id { RD_REGULAR, RD_BOLD, RD_ITALIC } rd_font_id;

/* Document information keys (rd_set_info). */
typedef enum rd_info_key {
    RD_INFO_TITLE, RD_INFO_AUTHOR, RD_INFO_SUBJECT, RD_INFO_CREATOR,
    RD_INFO_PRODUCER, RD_NINFO
} rd_info_key;

/* Everything the drawing functions share. Heap-allocated by the caller
 * before setjmp, so its fields may change freely after it. */
typedef struct rd_ctx {
    rd_fail fail;
    HPDF_Doc pdf;
    HPDF_Font font[3];
    HPDF_Encoder winansi;
    HPDF_ExtGState band_gs;     /* translucent fill for interval bands */
    HPDF_Page page;             /* current page */
    HPDF_Page *pages;           /* every page, in order; owned */
    size_t npages, cappages;
    float y;                    /* flow cursor: top of the next block */
    char *scratch[RD_NSCRATCH]; /* Windows-1252 copies of text; owned */
    size_t scratch_cap[RD_NSCRATCH];
    unsigned next_scratch;
    char *wrap_text, *wrap_line; /* rd_wrap's working copies; owned */
    size_t wrap_text_cap, wrap_line_cap;
    /* Advance of each Windows-1252 byte per font, in 1/1000 em, once
     * measured (libharu's widths are per byte and add up): rd_wrap sums
     * them instead of re-measuring every prefix of a line. */
    HPDF_UINT cw[3][256];
    unsigned char cw_known[3][256];
    /* The last colour put on the 8-bit steps and the result (consecutive
     * calls mostly repeat a colour), and the last wrapping limit with its
     * size and width (every line of a paragraph, every cell of a column
     * asks the same): pure functions, remembered. */
    int step_known;
    rd_rgb step_in, step_out;
    int limit_known;
    float limit_size, limit_width;
    long long limit;
    pt_tagger tag;              /* structure tree (pdf_tag.h); owned */
    HPDF_Page text_page;        /* the page whose text object a text left
                                   open for the next one (show_cp), or
                                   NULL */
    long text_x, text_y;        /* that object's line origin, as written
                                   (1/1000 pt) */
    int text_slanted;           /* its line matrix is the oblique one */
    int table_head;             /* 1 once the open table drew its header */
    float keep;                 /* keep-with-next: points the next rd_need
                                   must also find room for (rd_keep_next) */
    char cont_caption[256];     /* "Título (cont.)", drawn above a table
                                   header repeated after a page break */
    char *info[RD_NINFO];       /* document information, UTF-8; owned */
    long long created;          /* creation time, epoch seconds */
    unsigned char *icc;         /* sRGB profile bytes; owned */
    size_t icc_len;
    struct sha256_ctx id_hash;  /* over everything shown: the trailer /ID */
    tb_buf alt;                 /* alternative text being built; owned */
    unsigned char *font_file;   /* font being loaded, and its trimmed */
    tb_buf font_trim;           /* copy (rd_setup only); owned */
    const struct rd_assets *assets; /* the run's copy of the files below;
                                   borrowed; NULL: rd_setup reads them */
} rd_ctx;

/* The files every document embeds, read once per run instead of once
 * per document: the two fonts as pf_trim leaves them (RD_REGULAR,
 * RD_BOLD) and the sRGB profile. Reading and trimming them was 3 % of a
 * network run's instructions, plus the kernel's copies of 800 KB per
 * PDF. Caller-owned: rd_assets_new (report.h), rd_assets_free. */
struct rd_assets {
    tb_buf font[2];
    unsigned char *icc;
    size_t icc_len;
};

/* libharu error handler; user_data is the rd_fail of the document. */
void rd_error_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                      void *user_data);

/* Jumps to the error branch as an out-of-memory failure. */
_Noreturn void rd_oom(rd_ctx *c);

/* Jumps to the error branch with libharu's current error: for a libharu
 * call that failed (NULL or an error status) without calling the handler,
 * so that drawing never carries on with a half-built document. */
_Noreturn void rd_hpdf_fail(rd_ctx *c);

/* p, or rd_hpdf_fail when it is NULL: for HPDF_* functions returning
 * objects. */
void *rd_must(rd_ctx *c, void *p);

/* Checks a tb_buf filled while drawing: when an append failed, frees it and
 * jumps to the error branch as an out-of-memory failure (a label must
 * never be drawn short). */
void rd_check_buf(rd_ctx *c, tb_buf *b);

/* Frees what the context owns (not the document). */
void rd_ctx_fini(rd_ctx *c);

/* Loads the embedded fonts (with ToUnicode maps), the encoder, the
 * translucent state and the sRGB profile, and starts the structure tree. */
void rd_setup(rd_ctx *c);

/* Document information (a copy is kept; info and XMP get the same text). */
void rd_set_info(rd_ctx *c, rd_info_key k, const char *utf8);
void rd_set_created(rd_ctx *c, long long epoch);

/* Ends the structure tree and writes the catalog entries, info, XMP,
 * output intent and trailer /ID; call once, after the last drawing. */
void rd_finish(rd_ctx *c);

/* Tagging (pdf_tag.h) for the drawing layer's callers. Every text drawn
 * belongs to the current element (a P is opened for it when the current
 * element only groups others); shapes outside a figure are artifacts. */
void rd_tag_begin(rd_ctx *c, const char *type);
void rd_tag_end(rd_ctx *c);
/* Closes up to and including the innermost open element of type. */
void rd_tag_close(rd_ctx *c, const char *type);
/* Type of the current element. */
const char *rd_tag_current(const rd_ctx *c);
/* Closes everything open and starts a new Sect under Document. */
void rd_section(rd_ctx *c);
/* A header cell with /Scope ("Column" or "Row"). */
void rd_tag_th(rd_ctx *c, const char *scope);
/* Page furniture: drawn between these calls, everything is an Artifact. */
void rd_artifact_begin(rd_ctx *c);
void rd_artifact_end(rd_ctx *c);
/* Running footer on the current page (an Artifact of type Pagination). */
void rd_footer_begin(rd_ctx *c);
void rd_footer_end(rd_ctx *c);
/* A Figure on the current page with alternative text (UTF-8) that says in
 * words what it shows; everything drawn until rd_figure_end belongs to it. */
void rd_figure_begin(rd_ctx *c, const char *alt);
void rd_figure_end(rd_ctx *c);
/* Tables: the header row opens the Table (or, drawn again after a page
 * break, is an artifact; pass the result to rd_table_header_end); each row
 * is rd_tag_begin(c, "TR") ... rd_tag_end(c), each cell between
 * rd_cell_begin (header: a TH with /Scope /Column) and rd_cell_end; close
 * the table with rd_tag_close(c, "Table"). */
int rd_table_header_begin(rd_ctx *c);
void rd_table_header_end(rd_ctx *c, int repeated);
void rd_cell_begin(rd_ctx *c, int header);
void rd_cell_end(rd_ctx *c);
/* Around raw HPDF_Page_* path operators drawn outside rd_* calls: they
 * become an Artifact (or part of the open figure). Outside a figure, a
 * text leaves its text object (BT) open so that the next text shares it;
 * rd_raw_begin, like every rd_* call that draws something else, ends it.
 * Inside a figure every text ends its own, so raw operators may follow
 * any rd_* call there. */
void rd_raw_begin(rd_ctx *c);
void rd_raw_end(rd_ctx *c);
/* The context's alternative-text buffer, emptied: append to it, then pass
 * rd_alt_text() to rd_figure_begin. Checked for failed appends there. */
tb_buf *rd_alt_reset(rd_ctx *c);
const char *rd_alt_text(rd_ctx *c);

/* Appends an A4 page, makes it current, puts the cursor at the top. */
HPDF_Page rd_new_page(rd_ctx *c);

/* Starts a new page unless h points (plus any keep-with-next reserve, which
 * this consumes) fit above the bottom margin. Returns 1 when a page was
 * added. */
int rd_need(rd_ctx *c, float h);

/* Keep-with-next: the next block placed (its rd_need) must leave h more
 * points on its page, so that what follows it (a table's footnotes, a
 * heading's first lines) is never pushed alone onto the next page. */
void rd_keep_next(rd_ctx *c, float h);

/* Share of the current page's body height used by the flow (0..1). */
float rd_page_used(const rd_ctx *c);

/* Section break: a new page, unless the current page holds less than
 * 45 % of a page of flowing content (never a page under a third), in which case the next section
 * continues on it (after a gap) instead of leaving a near-empty page.
 * Returns 1 when a page was added. */
int rd_section_break(rd_ctx *c);
/* The same for a section that must not be split: it stays on the current
 * page only when its h points fit there too. */
int rd_section_break_fit(rd_ctx *c, float h);

/* The caption a repeated table header carries ("Título (cont.)"); empty:
 * none. Copied. */
void rd_set_cont_caption(rd_ctx *c, const char *utf8);

/* The text converted to Windows-1252 in one of RD_NSCRATCH rotating
 * buffers: valid until RD_NSCRATCH further conversions. */
const char *rd_cp(rd_ctx *c, const char *utf8);

/* Width in points of already converted text. */
float rd_width_cp(rd_ctx *c, rd_font_id f, float size, const char *cp,
                  size_t len);
/* Width in points of UTF-8 text. */
float rd_width(rd_ctx *c, rd_font_id f, float size, const char *utf8);

/* Colours and the line width of the current page; a value the graphics
 * state already holds is not written again. */
void rd_fill_color(rd_ctx *c, rd_rgb col);
void rd_stroke_color(rd_ctx *c, rd_rgb col);
void rd_line_width(rd_ctx *c, float width);

/* Single-line text at baseline y: left-aligned at x, right-aligned to x,
 * or centred on x. */
void rd_text(rd_ctx *c, float x, float y, rd_font_id f, float size,
             rd_rgb col, const char *utf8);
void rd_text_right(rd_ctx *c, float x, float y, rd_font_id f, float size,
                   rd_rgb col, const char *utf8);
void rd_text_center(rd_ctx *c, float x, float y, rd_font_id f, float size,
                    rd_rgb col, const char *utf8);

typedef enum rd_align { RD_LEFT, RD_RIGHT, RD_CENTER } rd_align;

/* Wraps utf8 to width and, when draw is set, draws it with its first
 * baseline at y_top - size (top of the text block at y_top), leading
 * between baselines. Words longer than the width are cut. Returns the
 * number of lines; never breaks pages. */
int rd_wrap(rd_ctx *c, float x, float y_top, float width, rd_font_id f,
            float size, float leading, rd_rgb col, rd_align align,
            const char *utf8, int draw);

/* Flowing paragraph at the cursor: wraps to width at x, starting new pages
 * as needed, and moves the cursor below it. Returns the height used on the
 * last page. */
float rd_paragraph(rd_ctx *c, float x, float width, rd_font_id f, float size,
                   float leading, rd_rgb col, const char *utf8);

void rd_rect(rd_ctx *c, float x, float y, float w, float h, rd_rgb fill);
void rd_round_rect(rd_ctx *c, float x, float y, float w, float h, float r,
                   rd_rgb fill);
/* A disc of radius r centred on (x, y) in fill and, when edge_w > 0, an
 * edge edge_w wide in edge centred on the radius: what a circle path
 * filled and stroked draws. Raw path operators, like rd_marker. */
void rd_disc(rd_ctx *c, float x, float y, float r, rd_rgb fill, float edge_w, rd_rgb edge);
/* The outline of the same rounded rectangle, width points wide, inside
 * its bounds: a pale fill stays visible on white. */
void rd_round_rect_outline(rd_ctx *c, float x, float y, float w, float h, float r,
                           float width, rd_rgb col);
void rd_hline(rd_ctx *c, float x0, float x1, float y, float width,
              rd_rgb col);

/* Marker shapes, so that a status never rests on colour alone. */
typedef enum rd_shape {
    RD_SHAPE_CIRCLE, RD_SHAPE_SQUARE, RD_SHAPE_DIAMOND, RD_SHAPE_TRIANGLE_UP,
    RD_SHAPE_TRIANGLE_DOWN, RD_SHAPE_RING
} rd_shape;
/* A filled marker of radius r centred on (x, y), outlined in outline.
 * Draws raw path operators: call inside a figure or an artifact, or it is
 * an artifact on its own. */
void rd_marker(rd_ctx *c, float x, float y, float r, rd_shape shape, rd_rgb fill,
               rd_rgb outline);

/* Colour of a value on the heat-map scale (0..100: soft red, yellow,
 * green), and the text colour readable on it. Pure. */
rd_rgb rd_heat_color(double v);
/* White or RD_INK, whichever contrasts more with bg (WCAG 2 ratio). */
rd_rgb rd_text_on(rd_rgb bg);
/* WCAG 2 relative luminance of an sRGB colour, and the contrast ratio
 * (1..21) of two colours. Pure. */
double rd_luminance(rd_rgb c);
double rd_contrast(rd_rgb a, rd_rgb b);

/* The largest sum of glyph advances (1/1000 em) whose width at size
 * (clamped to RD_MIN_TEXT) is at most width, in the float arithmetic of
 * the wrapping; -1 when not even an empty line fits; RD_NO_LIMIT when
 * size or width is not finite or the limit is 2^31 or more, where the
 * wrapping compares widths instead. Pure. */
#define RD_NO_LIMIT (-2LL)
long long rd_units_limit(float size, float width);

/* Spanish numbers into buf (size n): "86,5" / "86,5 %" / "+10,9 pp" /
 * "1.234"; "–" for NAN. Return buf. Pure. */
const char *rd_fmt_num(char *buf, size_t n, double v);
const char *rd_fmt_pct(char *buf, size_t n, double v);
const char *rd_fmt_pp(char *buf, size_t n, double v);
/* "+11,7" / "-1,0" / "0,0": a signed number without unit. */
const char *rd_fmt_signed(char *buf, size_t n, double v);
const char *rd_fmt_count(char *buf, size_t n, size_t v);
/* "80 %" when the value is whole, else "80,5 %": for chart labels. */
const char *rd_fmt_pct_short(char *buf, size_t n, double v);

#endif
