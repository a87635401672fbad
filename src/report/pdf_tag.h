/* pdf_tag.h - the logical structure of a PDF written with libharu: a
 * structure tree (StructTreeRoot, StructElems, ParentTree), marked-content
 * operators around what each page shows (BDC with an MCID, or Artifact),
 * and the catalog entries of a tagged document (/MarkInfo, /Lang,
 * /ViewerPreferences /DisplayDocTitle).
 *
 * Why this reaches below libharu's public API: no libharu release can tag
 * (hpdf.h says "BMC/BDC/EMC not implemented"; upstream issues #99 and #175
 * are open). Debian's libhpdf-dev installs the internal headers and the
 * library exports the object layer (HPDF_Dict_New, HPDF_Array_Add,
 * HPDF_Xref_Add, HPDF_Stream_WriteStr), which is all a structure tree
 * needs. The parts of libharu 2.3.0 this relies on: HPDF_Doc_Rec's mmgr,
 * xref and catalog; HPDF_PageAttr_Rec's stream and gmode. Nothing else in
 * tablero touches libharu's internals for tagging.
 *
 * A StructElem is an empty libharu dictionary whose write hook writes its
 * entries (/S /P, /Pg when it holds MCIDs, /K, /Alt, /A) from a compact
 * record of ours: libharu gives every dictionary entry a 128-byte key and
 * every name a 128-byte buffer, and the ~900 elements of a management
 * report held ~1 MB of the document's pool that way (massif). The hook
 * writes them lean, since they are most of a report's uncompressed bytes
 * (PDF/A-1 allows no object streams): no optional /Type /StructElem, a
 * lone kid bare (/K 12, /K 40 0 R) rather than in a one-element array, no
 * whitespace a name already delimits. The ParentTree is a dictionary of
 * ours the same way (the owners of each page's MCIDs, kept in the page
 * records), not a libharu array with a proxy object per MCID.
 * HPDF_Dict_Rec's write_fn and attr are the parts this adds to what it
 * relies on.
 *
 * Ownership: a pt_tagger is heap memory owned by its caller (pt_free, only
 * after the document is saved: its records are read while it is); the
 * PDF objects it creates belong to the document and die with HPDF_Free.
 * Functions return 0 or a libharu error code (PT_ENOMEM when our own
 * allocation failed); after a failure the document must be abandoned. */
#ifndef TABLERO_PDF_TAG_H
#define TABLERO_PDF_TAG_H

#include <stddef.h>

#include <hpdf.h>

#define PT_ENOMEM 0x7fff0001UL
#define PT_MAX_DEPTH 16

typedef enum pt_kind { PT_TEXT, PT_GRAPHIC } pt_kind;

/* One entry of a StructElem's /K: an MCID on the element's page (elem
 * and page NULL), a marked-content reference to an MCID on another page
 * (page set), or a child element (elem set). Linked by index (next, -1
 * ends) in the tagger's kids array. */
typedef struct pt_kid {
    HPDF_Dict elem;
    HPDF_Page page;
    int mcid;
    long next;
} pt_kid;

/* What a StructElem writes (its dictionary's attr points here). Records
 * live in blocks chained from the tagger, so their addresses hold. */
typedef struct pt_node {
    struct pt_tagger *t;
    const char *type;   /* static */
    HPDF_Dict parent;
    HPDF_Page pg;       /* /Pg, or NULL */
    HPDF_Binary alt;    /* /Alt, or NULL */
    HPDF_Dict attrs;    /* /A, or NULL */
    long first, last;   /* kids, -1 when none */
} pt_node;

typedef struct pt_block pt_block;   /* pdf_tag.c */

typedef struct pt_elem {
    HPDF_Dict dict;
    pt_node *node;
    const char *type;   /* static */
    HPDF_Page pg;       /* page of the first marked content, or NULL */
    int content;        /* 1: holds marked content (P, H1, TD, Figure...) */
} pt_elem;

typedef struct pt_page {
    HPDF_Page page;
    HPDF_Dict *owners;  /* owners[mcid]: the StructElem that owns it; owned */
    size_t nowners, capowners;   /* nowners: the page's next MCID */
} pt_page;

typedef struct pt_tagger {
    HPDF_Doc pdf;
    HPDF_Dict root;            /* StructTreeRoot */
    pt_elem stack[PT_MAX_DEPTH];
    int depth;                 /* stack[0] is Document */
    pt_page *pages;            /* owned */
    size_t npages, cappages, last;
    int artifact;              /* >0: everything drawn is an Artifact */
    int mc_open;               /* a marked-content sequence is open */
    int mc_auto_p;             /* it opened a P that its end closes */
    int mc_artifact;           /* it is an Artifact */
    int mc_in_text;            /* it began inside a text object */
    HPDF_Page art_page;        /* an Artifact sequence pt_mc_end left open
                                  on this page for the next one to go on
                                  (pt_mc_flush closes it), or NULL */
    int art_in_text;           /* it began inside a text object */
    int figure;                /* >0: inside a Figure's single sequence */
    unsigned char *u16;        /* UTF-16BE scratch; owned */
    size_t u16_cap;
    pt_kid *kids;              /* every element's /K entries; owned */
    size_t nkids, capkids;
    pt_block *blocks;          /* the pt_node records; owned */
    size_t block_used;         /* records used in blocks (the newest) */
} pt_tagger;

/* Starts the structure tree of pdf: a Document element at the root.
 * Never called twice on one tagger. */
unsigned long pt_init(pt_tagger *t, HPDF_Doc pdf);
/* Frees what the tagger owns (not the document's objects). */
void pt_free(pt_tagger *t);

/* Opens a structure element of the given standard type ("Sect", "H1",
 * "P", "Table", "TR", "TH", "TD", "L", "LI", "Lbl", "LBody", "Figure",
 * "Caption", "Span"; a static string) as the last child of the current
 * one, and makes it current. */
unsigned long pt_begin(pt_tagger *t, const char *type);
/* Closes the current element. */
unsigned long pt_end(pt_tagger *t);
/* Closes elements until the current one is Document. */
unsigned long pt_end_all(pt_tagger *t);
/* Type of the current element ("Document" at the root). */
const char *pt_current(const pt_tagger *t);
/* Closes elements up to and including the innermost of the given type;
 * nothing when none is open. */
unsigned long pt_close_to(pt_tagger *t, const char *type);

/* /Alt (UTF-8 text, stored as UTF-16) of the current element. */
unsigned long pt_set_alt(pt_tagger *t, const char *utf8);
/* /A << /O /Table /Scope scope >> on the current element (a TH):
 * "Column" or "Row". */
unsigned long pt_set_scope(pt_tagger *t, const char *scope);

/* Opens the marked-content sequence for one drawing operation on page:
 * an Artifact when inside pt_artifact_begin, or when a graphic is drawn
 * outside a Figure; otherwise the current element's next MCID, inside a P
 * opened for the purpose when the current element only groups others
 * (Document, Sect, Table, TR, L, LI). Inside pt_figure_begin it does
 * nothing. The page may be inside a text object (BT written, no ET yet):
 * a marked-content sequence may sit inside one text object, as long as it
 * begins and ends in it (ISO 32000-1, 14.6), so consecutive texts can
 * share one BT ... ET; outside a text object it may hold paths.
 * pt_mc_end must then be called in the same text object, or outside any,
 * as its pt_mc_begin was. */
unsigned long pt_mc_begin(pt_tagger *t, HPDF_Page page, pt_kind kind);
/* Closes what pt_mc_begin opened. An Artifact is left open instead: when
 * the next pt_mc_begin is an Artifact too, on the same page and at the
 * same level (inside the same text object or outside), it goes on in the
 * same sequence (one /Artifact BMC ... EMC instead of one per shape: a
 * management report drew ~340). Anything else closes it first. */
unsigned long pt_mc_end(pt_tagger *t, HPDF_Page page);
/* Closes the Artifact sequence pt_mc_end left open, if any. The drawing
 * layer calls it before writing BT or ET (a sequence must not straddle
 * either); pt_figure_begin, pt_pagination_begin and pt_finish call it
 * themselves. */
unsigned long pt_mc_flush(pt_tagger *t);

/* Everything drawn until the matching end is page furniture. pagination
 * marks it as a header/footer (/Type /Pagination). Nests. */
void pt_artifact_begin(pt_tagger *t);
void pt_artifact_end(pt_tagger *t);
unsigned long pt_pagination_begin(pt_tagger *t, HPDF_Page page);
unsigned long pt_pagination_end(pt_tagger *t, HPDF_Page page);

/* A Figure with alternative text: one marked-content sequence on page that
 * holds everything drawn until pt_figure_end (on the same page). It and
 * the pagination sequence hold paths: page must be outside any text
 * object at both ends. */
unsigned long pt_figure_begin(pt_tagger *t, HPDF_Page page, const char *alt);
unsigned long pt_figure_end(pt_tagger *t, HPDF_Page page);

/* Closes every element, writes the ParentTree and each page's
 * /StructParents, and puts /StructTreeRoot, /MarkInfo, /Lang (lang) and
 * /ViewerPreferences /DisplayDocTitle into the catalog. */
unsigned long pt_finish(pt_tagger *t, const char *lang);

/* UTF-8 text as a PDF text string in UTF-16BE with its byte-order mark,
 * owned by the document (for /Alt, /Title...). NULL on failure. Invalid
 * UTF-8 bytes become U+FFFD. */
HPDF_Binary pt_text_string(pt_tagger *t, const char *utf8);

#endif
