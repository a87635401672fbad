/* pdf_tag.c - structure tree and marked content on top of libharu's object
 * layer (see pdf_tag.h for why it reaches below the public API). Each
 * drawing operation of the report becomes one marked-content sequence:
 * text belongs to the current structure element (its own MCID), shapes
 * outside figures are artifacts (consecutive ones share one sequence),
 * and a figure is one sequence. */
#include "pdf_tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "common.h"
#include "pdf_hpdf.h"

static unsigned long doc_error(pt_tagger *t)
{
    HPDF_STATUS e = HPDF_GetError(t->pdf);
    return e != HPDF_OK ? (unsigned long)e : (unsigned long)HPDF_INVALID_OBJECT;
}

static int is_grouping(const char *type)
{
    static const char *const groups[] = {"Document", "Sect", "Part", "Div",
                                         "Table", "THead", "TBody", "TR",
                                         "L", "LI"};
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(type, groups[i]) == 0) return 1;
    return 0;
}

static int is_table_part(const char *type)
{
    return strcmp(type, "TR") == 0 || strcmp(type, "TH") == 0 ||
           strcmp(type, "TD") == 0 || strcmp(type, "THead") == 0 ||
           strcmp(type, "TBody") == 0;
}

/* Closes an open table (and whatever is open inside it). */
static void close_table(pt_tagger *t)
{
    for (int k = t->depth - 1; k > 0; k--)
        if (strcmp(t->stack[k].type, "Table") == 0) {
            t->depth = k;
            return;
        }
}

#define PT_BLOCK_NODES 256

struct pt_block {
    pt_block *prev;
    pt_node node[PT_BLOCK_NODES];
};

/* A zeroed record in the newest block; NULL: out of memory. */
static pt_node *new_node(pt_tagger *t)
{
    if (!t->blocks || t->block_used == PT_BLOCK_NODES) {
        pt_block *b = calloc(1, sizeof *b);
        if (!b) return NULL;
        b->prev = t->blocks;
        t->blocks = b;
        t->block_used = 0;
    }
    return &t->blocks->node[t->block_used++];
}

/* Appends k to n's /K. 0, or PT_ENOMEM. */
static unsigned long add_kid(pt_tagger *t, pt_node *n, pt_kid k)
{
    if (t->nkids == t->capkids) {
        size_t ncap = t->capkids ? 2 * t->capkids : 256;
        pt_kid *p = tb_reallocarray(t->kids, ncap, sizeof *p);
        if (!p) return PT_ENOMEM;
        t->kids = p;
        t->capkids = ncap;
    }
    long i = (long)t->nkids++;
    k.next = -1;
    t->kids[i] = k;
    if (n->last >= 0) t->kids[n->last].next = i;
    else n->first = i;
    n->last = i;
    return 0;
}

/* A small write buffer in front of a libharu stream: an element's entries
 * are formatted here and handed to the stream in one call, instead of the
 * four to six stream calls (and an escaping pass) per entry that libharu's
 * dictionary writer makes. */
typedef struct pt_out {
    HPDF_Stream s;
    HPDF_STATUS st;
    size_t n;
    char b[1024];
} pt_out;

/* Longest piece put in one go: a reference, an MCR, a short name. */
#define PT_OUT_PIECE 64

static void out_flush(pt_out *o)
{
    if (o->n && o->st == HPDF_OK) o->st = HPDF_Stream_Write(o->s, (HPDF_BYTE *)o->b, (HPDF_UINT)o->n);
    o->n = 0;
}

/* Where the next piece (at most PT_OUT_PIECE bytes) goes. */
static char *out_at(pt_out *o)
{
    if (o->n + PT_OUT_PIECE > sizeof o->b) out_flush(o);
    return o->b + o->n;
}

static void out_end(pt_out *o, const char *end)
{
    o->n = (size_t)(end - o->b);
}

/* A literal of fewer than PT_OUT_PIECE bytes. */
static void out_lit(pt_out *o, const char *lit, size_t len)
{
    char *p = out_at(o);
    memcpy(p, lit, len);
    out_end(o, p + len);
}
#define OUT_LIT(o, s) out_lit((o), (s), sizeof(s) - 1)

/* "id gen R": a reference to an object of the xref, as libharu writes the
 * proxy a dictionary or array holds for it. */
static char *put_ref(char *p, const void *obj)
{
    HPDF_Obj_Header h;
    memcpy(&h, obj, sizeof h);
    p = tb_put_uint(p, (unsigned)(h.obj_id & 0x00FFFFFFu));
    *p++ = ' ';
    p = tb_put_uint(p, (unsigned)h.gen_no);
    memcpy(p, " R", 2);
    return p + 2;
}

static void out_ref(pt_out *o, const void *obj)
{
    out_end(o, put_ref(out_at(o), obj));
}

/* A direct object through libharu's writer (a text string, a dictionary). */
static void out_value(pt_out *o, void *obj)
{
    out_flush(o);
    if (o->st == HPDF_OK) o->st = HPDF_Obj_WriteValue(obj, o->s, NULL);
}

/* /K: a lone kid bare, several in an array; a marked-content reference is
 * a direct dictionary (its /Type /MCR is required). */
static void out_kids(pt_out *o, const pt_tagger *t, const pt_node *n)
{
    if (n->first < 0) return;   /* /K is optional: no kids, no entry */
    int many = t->kids[n->first].next >= 0;
    if (many) OUT_LIT(o, "/K[");
    else OUT_LIT(o, "/K ");
    for (long i = n->first; i >= 0; i = t->kids[i].next) {
        const pt_kid *k = &t->kids[i];
        char *p = out_at(o);
        if (i != n->first) *p++ = ' ';
        if (k->elem) {
            p = put_ref(p, k->elem);
        } else if (k->page) {
            memcpy(p, "<</Type/MCR/Pg ", 15);
            p = put_ref(p + 15, k->page);
            memcpy(p, "/MCID ", 6);
            p = tb_put_uint(p + 6, (unsigned)k->mcid);
            memcpy(p, ">>", 2);
            p += 2;
        } else {
            p = tb_put_uint(p, (unsigned)k->mcid);
        }
        out_end(o, p);
    }
    if (many) OUT_LIT(o, "]");
}

/* The write hook of a StructElem (libharu has written "<<" and writes
 * ">>"): /S, /P, /Pg when it holds MCIDs, /K, /Alt, /A. No /Type: it is
 * optional on structure elements, and 915 of them in a management report
 * made it 16 KB. Types are short names of regular characters (pt_begin
 * checks), so they need no escaping. */
static HPDF_STATUS write_elem(HPDF_Dict d, HPDF_Stream s)
{
    const pt_node *n = PH_PTR(d, HPDF_Dict_Rec, attr);
    pt_out o = {.s = s, .st = HPDF_OK};
    char *p = out_at(&o);
    size_t tl = strlen(n->type);
    memcpy(p, "/S/", 3);
    memcpy(p + 3, n->type, tl);
    memcpy(p + 3 + tl, "/P ", 3);
    out_end(&o, put_ref(p + 6 + tl, n->parent));
    if (n->pg) {
        OUT_LIT(&o, "/Pg ");
        out_ref(&o, n->pg);
    }
    out_kids(&o, n->t, n);
    if (n->alt) {
        OUT_LIT(&o, "/Alt ");
        out_value(&o, n->alt);
    }
    if (n->attrs) {
        OUT_LIT(&o, "/A ");
        out_value(&o, n->attrs);
    }
    out_flush(&o);
    return o.st;
}

/* The write hook of the ParentTree (a dictionary of ours, written inside
 * the StructTreeRoot): /Nums with, for each marked page in order, its key
 * and the owner of each of its MCIDs (one reference per MCID, as the
 * number tree requires). */
static HPDF_STATUS write_parent_tree(HPDF_Dict d, HPDF_Stream s)
{
    const pt_tagger *t = PH_PTR(d, HPDF_Dict_Rec, attr);
    pt_out o = {.s = s, .st = HPDF_OK};
    OUT_LIT(&o, "/Nums[");
    unsigned key = 0;
    for (size_t i = 0; i < t->npages; i++) {
        const pt_page *pg = &t->pages[i];
        if (!pg->nowners) continue;
        char *p = out_at(&o);
        if (key) *p++ = ' ';
        p = tb_put_uint(p, key++);
        *p++ = '[';
        out_end(&o, p);
        for (size_t m = 0; m < pg->nowners; m++) {
            p = out_at(&o);
            if (m) *p++ = ' ';
            out_end(&o, put_ref(p, pg->owners[m]));
        }
        OUT_LIT(&o, "]");
    }
    OUT_LIT(&o, "]");
    out_flush(&o);
    return o.st;
}

/* A StructElem of type under parent; NULL: see doc_error, or *oom. */
/* 1 when type is a structure type write_elem and open_mcid can write as it
 * is: 1 to PT_TYPE_MAX letters and digits (the standard types are). */
#define PT_TYPE_MAX 24
static int plain_type(const char *type)
{
    size_t i = 0;
    for (; type[i]; i++)
        if (i == PT_TYPE_MAX || !((type[i] >= 'A' && type[i] <= 'Z') ||
                                  (type[i] >= 'a' && type[i] <= 'z') ||
                                  (type[i] >= '0' && type[i] <= '9')))
            return 0;
    return i > 0;
}

static HPDF_Dict new_elem(pt_tagger *t, const char *type, HPDF_Dict parent, pt_node **out,
                          int *oom)
{
    TB_ASSERT(plain_type(type));
    HPDF_MMgr mm = PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr);
    HPDF_Dict e = HPDF_Dict_New(mm);
    if (!e || HPDF_Xref_Add(PH_PTR(t->pdf, HPDF_Doc_Rec, xref), e) != HPDF_OK) return NULL;
    pt_node *n = new_node(t);
    if (!n) {
        *oom = 1;
        return NULL;
    }
    n->t = t;
    n->type = type;
    n->parent = parent;
    n->first = n->last = -1;
    ph_set_ptr(e, offsetof(HPDF_Dict_Rec, attr), n);
    ph_set_write_fn(e, write_elem);
    *out = n;
    return e;
}

unsigned long pt_init(pt_tagger *t, HPDF_Doc pdf)
{
    memset(t, 0, sizeof *t);
    t->pdf = pdf;
    t->root = HPDF_Dict_New(PH_PTR(pdf, HPDF_Doc_Rec, mmgr));
    if (!t->root || HPDF_Xref_Add(PH_PTR(pdf, HPDF_Doc_Rec, xref), t->root) != HPDF_OK ||
        HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot") != HPDF_OK)
        return doc_error(t);
    pt_elem *d = &t->stack[0];
    d->type = "Document";
    int oom = 0;
    d->dict = new_elem(t, d->type, t->root, &d->node, &oom);
    if (oom) return PT_ENOMEM;
    if (!d->dict || HPDF_Dict_Add(t->root, "K", d->dict) != HPDF_OK)
        return doc_error(t);
    t->depth = 1;
    return 0;
}

void pt_free(pt_tagger *t)
{
    for (size_t i = 0; i < t->npages; i++) free(t->pages[i].owners);
    free(t->pages);
    free(t->u16);
    free(t->kids);
    while (t->blocks) {
        pt_block *b = t->blocks;
        t->blocks = b->prev;
        free(b);
    }
    memset(t, 0, sizeof *t);
}

const char *pt_current(const pt_tagger *t)
{
    return t->depth > 0 ? t->stack[t->depth - 1].type : "";
}

unsigned long pt_begin(pt_tagger *t, const char *type)
{
    TB_ASSERT(t->depth > 0 && !t->mc_open && !t->figure);
    /* A list ends where anything but another item begins, a table where
     * anything but one of its parts does (callers need not close them). */
    if (strcmp(pt_current(t), "L") == 0 && strcmp(type, "LI") != 0) t->depth--;
    const char *cur = pt_current(t);
    int in_cell = strcmp(cur, "TD") == 0 || strcmp(cur, "TH") == 0;
    if (!is_table_part(type) && !in_cell)
        close_table(t);
    else if (strcmp(type, "TR") == 0)
        while (t->depth > 1 && strcmp(pt_current(t), "Table") != 0 &&
               is_table_part(pt_current(t)))
            t->depth--;
    TB_ASSERT(t->depth < PT_MAX_DEPTH);
    pt_elem *parent = &t->stack[t->depth - 1];
    pt_elem *e = &t->stack[t->depth];
    memset(e, 0, sizeof *e);
    e->type = type;
    e->content = !is_grouping(type);
    int oom = 0;
    e->dict = new_elem(t, type, parent->dict, &e->node, &oom);
    if (oom) return PT_ENOMEM;
    if (!e->dict) return doc_error(t);
    unsigned long rc = add_kid(t, parent->node, (pt_kid){.elem = e->dict});
    if (rc) return rc;
    t->depth++;
    return 0;
}

unsigned long pt_end(pt_tagger *t)
{
    TB_ASSERT(t->depth > 1 && !t->mc_open && !t->figure);
    t->depth--;
    return 0;
}

unsigned long pt_end_all(pt_tagger *t)
{
    while (t->depth > 1) pt_end(t);
    return 0;
}

unsigned long pt_close_to(pt_tagger *t, const char *type)
{
    int k = t->depth - 1;
    while (k > 0 && strcmp(t->stack[k].type, type) != 0) k--;
    if (k == 0) return 0;
    while (t->depth > k) pt_end(t);
    return 0;
}

/* UTF-8 -> UTF-16BE with BOM into t->u16; returns the byte length or 0 on
 * allocation failure. */
static size_t to_utf16(pt_tagger *t, const char *s)
{
    size_t n = strlen(s), need = 2 + 4 * n;
    if (need > t->u16_cap) {
        unsigned char *p = realloc(t->u16, need);
        if (!p) return 0;
        t->u16 = p;
        t->u16_cap = need;
    }
    unsigned char *o = t->u16;
    size_t k = 0;
    o[k++] = 0xfe;
    o[k++] = 0xff;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned long cp = 0xfffd;
        size_t len = 1;
        unsigned char b = u[i];
        if (b < 0x80) {
            cp = b;
        } else if ((b & 0xe0) == 0xc0 && i + 1 < n && (u[i + 1] & 0xc0) == 0x80) {
            cp = ((b & 0x1fUL) << 6) | (u[i + 1] & 0x3fUL);
            len = 2;
            if (cp < 0x80) cp = 0xfffd;
        } else if ((b & 0xf0) == 0xe0 && i + 2 < n && (u[i + 1] & 0xc0) == 0x80 &&
                   (u[i + 2] & 0xc0) == 0x80) {
            cp = ((b & 0x0fUL) << 12) | ((u[i + 1] & 0x3fUL) << 6) | (u[i + 2] & 0x3fUL);
            len = 3;
            if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
        } else if ((b & 0xf8) == 0xf0 && i + 3 < n && (u[i + 1] & 0xc0) == 0x80 &&
                   (u[i + 2] & 0xc0) == 0x80 && (u[i + 3] & 0xc0) == 0x80) {
            cp = ((b & 0x07UL) << 18) | ((u[i + 1] & 0x3fUL) << 12) |
                 ((u[i + 2] & 0x3fUL) << 6) | (u[i + 3] & 0x3fUL);
            len = 4;
            if (cp < 0x10000 || cp > 0x10ffff) cp = 0xfffd;
        }
        i += len;
        if (cp >= 0x10000) {
            unsigned long v = cp - 0x10000;
            unsigned long hi = 0xd800 + (v >> 10), lo = 0xdc00 + (v & 0x3ff);
            o[k++] = (unsigned char)(hi >> 8);
            o[k++] = (unsigned char)(hi & 0xff);
            o[k++] = (unsigned char)(lo >> 8);
            o[k++] = (unsigned char)(lo & 0xff);
        } else {
            o[k++] = (unsigned char)(cp >> 8);
            o[k++] = (unsigned char)(cp & 0xff);
        }
    }
    return k;
}

HPDF_Binary pt_text_string(pt_tagger *t, const char *utf8)
{
    size_t n = to_utf16(t, utf8 ? utf8 : "");
    if (n == 0) return NULL;
    return HPDF_Binary_New(PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr), t->u16, (HPDF_UINT)n);
}

unsigned long pt_set_alt(pt_tagger *t, const char *utf8)
{
    HPDF_Binary b = pt_text_string(t, utf8);
    if (!b) return HPDF_GetError(t->pdf) != HPDF_OK ? doc_error(t) : PT_ENOMEM;
    pt_node *n = t->stack[t->depth - 1].node;
    n->alt = b;
    return 0;
}

unsigned long pt_set_scope(pt_tagger *t, const char *scope)
{
    HPDF_Dict a = HPDF_Dict_New(PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr));
    if (!a || HPDF_Dict_AddName(a, "O", "Table") != HPDF_OK ||
        HPDF_Dict_AddName(a, "Scope", scope) != HPDF_OK)
        return doc_error(t);
    pt_node *n = t->stack[t->depth - 1].node;
    n->attrs = a;
    return 0;
}

/* 1 when page is inside a text object (BT written, ET not yet). */
static int in_text(HPDF_Page page)
{
    HPDF_PageAttr a = PH_PTR(page, HPDF_Dict_Rec, attr);
    return ph_u16(a, offsetof(HPDF_PageAttr_Rec, gmode)) == HPDF_GMODE_TEXT_OBJECT;
}

/* len bytes of op into the page's content stream (what
 * HPDF_Stream_WriteStr does, without measuring operators whose length is
 * known). */
static unsigned long write_op_n(pt_tagger *t, HPDF_Page page, const char *op, size_t len)
{
    HPDF_PageAttr a = PH_PTR(page, HPDF_Dict_Rec, attr);
    if (HPDF_Stream_Write(PH_PTR(a, HPDF_PageAttr_Rec, stream), (const HPDF_BYTE *)op,
                          (HPDF_UINT)len) != HPDF_OK)
        return doc_error(t);
    return 0;
}
/* lit must be a string literal ("" lit fails to compile otherwise) */
#define write_op(t, page, lit) write_op_n((t), (page), "" lit, sizeof("" lit) - 1)

unsigned long pt_mc_flush(pt_tagger *t)
{
    if (!t->art_page) return 0;
    HPDF_Page page = t->art_page;
    /* a sequence ends where it began: inside the same text object, or
     * outside any (the drawing layer flushes before each BT and ET) */
    TB_ASSERT(in_text(page) == t->art_in_text);
    t->art_page = NULL;
    return write_op(t, page, "EMC\012");
}

/* The page record of page, created on first use. NULL: out of memory. */
static pt_page *page_of(pt_tagger *t, HPDF_Page page)
{
    if (t->last < t->npages && t->pages[t->last].page == page)
        return &t->pages[t->last];
    for (size_t i = 0; i < t->npages; i++)
        if (t->pages[i].page == page) {
            t->last = i;
            return &t->pages[i];
        }
    if (t->npages == t->cappages) {
        size_t ncap = t->cappages ? 2 * t->cappages : 16;
        pt_page *p = tb_reallocarray(t->pages, ncap, sizeof *p);
        if (!p) return NULL;
        t->pages = p;
        t->cappages = ncap;
    }
    pt_page *r = &t->pages[t->npages];
    memset(r, 0, sizeof *r);
    r->page = page;
    t->last = t->npages++;
    return r;
}

/* Gives the current element the next MCID of page and writes its BDC. */
static unsigned long open_mcid(pt_tagger *t, HPDF_Page page)
{
    pt_elem *e = &t->stack[t->depth - 1];
    pt_page *pg = page_of(t, page);
    if (!pg) return PT_ENOMEM;
    if (pg->nowners == pg->capowners) {
        size_t ncap = pg->capowners ? 2 * pg->capowners : 64;
        HPDF_Dict *o = tb_reallocarray(pg->owners, ncap, sizeof *o);
        if (!o) return PT_ENOMEM;
        pg->owners = o;
        pg->capowners = ncap;
    }
    int mcid = (int)pg->nowners;
    pg->owners[pg->nowners++] = e->dict;
    if (!e->pg) {
        e->pg = page;
        e->node->pg = page;
    }
    unsigned long rc = add_kid(t, e->node, (pt_kid){.page = e->pg == page ? NULL : page,
                                                    .mcid = mcid});
    if (rc) return rc;
    char op[96];
    size_t tl = strlen(e->type);
    if (tl > sizeof op - 40) tl = sizeof op - 40;   /* structure types are short names */
    char *o = op;
    *o++ = '/';
    memcpy(o, e->type, tl);
    o += tl;
    memcpy(o, "<</MCID ", 8);
    o = tb_put_uint(o + 8, (unsigned)mcid);
    memcpy(o, ">>BDC\012", 6);
    return write_op_n(t, page, op, (size_t)(o + 6 - op));
}

unsigned long pt_mc_begin(pt_tagger *t, HPDF_Page page, pt_kind kind)
{
    if (t->figure) return 0;
    TB_ASSERT(!t->mc_open);
    unsigned long rc;
    int text = in_text(page);
    t->mc_open = 1;
    t->mc_auto_p = 0;
    t->mc_in_text = text;
    if (t->artifact > 0 || kind == PT_GRAPHIC) {
        t->mc_artifact = 1;
        /* the artifact left open by the one before goes on: nothing
         * tagged lies between them (a tagged sequence would have closed
         * it), and it began where this one begins */
        if (t->art_page == page && t->art_in_text == text) {
            t->art_page = NULL;
            return 0;
        }
        if ((rc = pt_mc_flush(t)) != 0) return rc;
        return write_op(t, page, "/Artifact BMC\012");
    }
    t->mc_artifact = 0;
    if ((rc = pt_mc_flush(t)) != 0) return rc;
    if (!t->stack[t->depth - 1].content) {
        const char *cur = pt_current(t);
        /* Text directly in a row is a data cell; anywhere else a paragraph. */
        const char *wrap = strcmp(cur, "TR") == 0 ? "TD" : "P";
        t->mc_open = 0;
        if ((rc = pt_begin(t, wrap)) != 0) return rc;
        t->mc_open = 1;
        t->mc_auto_p = 1;
    }
    return open_mcid(t, page);
}

unsigned long pt_mc_end(pt_tagger *t, HPDF_Page page)
{
    if (t->figure) return 0;
    TB_ASSERT(t->mc_open && in_text(page) == t->mc_in_text);
    t->mc_open = 0;
    if (t->mc_artifact) {
        /* left open: the next drawing operation may be an artifact too
         * (pt_mc_begin), and otherwise pt_mc_flush closes it */
        t->mc_artifact = 0;
        t->art_page = page;
        t->art_in_text = t->mc_in_text;
        return 0;
    }
    unsigned long rc = write_op(t, page, "EMC\012");
    if (t->mc_auto_p) {
        t->mc_auto_p = 0;
        pt_end(t);
    }
    return rc;
}

void pt_artifact_begin(pt_tagger *t)
{
    t->artifact++;
}

void pt_artifact_end(pt_tagger *t)
{
    TB_ASSERT(t->artifact > 0);
    t->artifact--;
}

unsigned long pt_pagination_begin(pt_tagger *t, HPDF_Page page)
{
    TB_ASSERT(!t->mc_open && !t->figure && !in_text(page));
    unsigned long rc = pt_mc_flush(t);
    if (rc) return rc;
    /* One sequence: the drawing calls inside see figure > 0 and add none. */
    t->figure++;
    t->artifact++;
    return write_op(t, page, "/Artifact<</Type/Pagination/Subtype/Footer>>BDC\012");
}

unsigned long pt_pagination_end(pt_tagger *t, HPDF_Page page)
{
    TB_ASSERT(!in_text(page));
    t->figure--;
    t->artifact--;
    return write_op(t, page, "EMC\012");
}

unsigned long pt_figure_begin(pt_tagger *t, HPDF_Page page, const char *alt)
{
    TB_ASSERT(!t->mc_open && !t->figure && !in_text(page));
    unsigned long rc;
    if ((rc = pt_mc_flush(t)) != 0 || (rc = pt_begin(t, "Figure")) != 0 || (rc = pt_set_alt(t, alt)) != 0 ||
        (rc = open_mcid(t, page)) != 0)
        return rc;
    t->figure = 1;
    return 0;
}

unsigned long pt_figure_end(pt_tagger *t, HPDF_Page page)
{
    TB_ASSERT(t->figure == 1 && !in_text(page));
    t->figure = 0;
    unsigned long rc = write_op(t, page, "EMC\012");
    if (!rc) rc = pt_end(t);
    return rc;
}

unsigned long pt_finish(pt_tagger *t, const char *lang)
{
    TB_ASSERT(!t->mc_open && !t->figure && t->artifact == 0);
    unsigned long rc = pt_mc_flush(t);
    if (rc) return rc;
    pt_end_all(t);
    HPDF_MMgr mm = PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr);
    HPDF_Dict tree = HPDF_Dict_New(mm);
    if (!tree) return doc_error(t);
    ph_set_ptr(tree, offsetof(HPDF_Dict_Rec, attr), t);
    ph_set_write_fn(tree, write_parent_tree);
    /* Keys ascend in the order pages were first marked (write_parent_tree
     * walks the pages in the same order); each page's /StructParents
     * names its key. */
    int key = 0;
    for (size_t i = 0; i < t->npages; i++) {
        pt_page *p = &t->pages[i];
        if (!p->nowners) continue;
        if (HPDF_Dict_AddNumber(p->page, "StructParents", key) != HPDF_OK)
            return doc_error(t);
        key++;
    }
    if (HPDF_Dict_Add(t->root, "ParentTree", tree) != HPDF_OK ||
        HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", key) != HPDF_OK)
        return doc_error(t);

    HPDF_Dict cat = PH_PTR(t->pdf, HPDF_Doc_Rec, catalog);
    HPDF_Dict mark = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
    HPDF_String l = HPDF_String_New(mm, lang, NULL);
    if (!mark || !vp || !l ||
        HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE) != HPDF_OK ||
        HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK ||
        HPDF_Dict_Add(cat, "StructTreeRoot", t->root) != HPDF_OK ||
        HPDF_Dict_Add(cat, "MarkInfo", mark) != HPDF_OK ||
        HPDF_Dict_Add(cat, "Lang", l) != HPDF_OK ||
        HPDF_Dict_Add(cat, "ViewerPreferences", vp) != HPDF_OK)
        return doc_error(t);
    return 0;
}
