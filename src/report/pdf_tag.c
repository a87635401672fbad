/* pdf_tag.c - structure tree and marked content on top of libharu's object
 * layer (see pdf_tag.h for why it reaches below the public API). Each
 * drawing operation of the report becomes one marked-content sequence:
 * text belongs to the current structure element (its own MCID), shapes
 * outside figures are artifacts, and a figure is one sequence. */
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

/* Records that optional entry which (0 /Pg, 1 /Alt, 2 /A) is set: a
 * dictionary keeps an entry where it was first added. */
static void set_order(pt_node *n, int which)
{
    if (!n->order[which]) n->order[which] = ++n->nset;
}

/* "id gen R": a reference to an object of the xref, as libharu writes the
 * proxy a dictionary or array holds for it. */
static HPDF_STATUS write_ref(HPDF_Stream s, const void *obj)
{
    HPDF_Obj_Header h;
    memcpy(&h, obj, sizeof h);
    char buf[48];
    char *o = tb_put_uint(buf, (unsigned)(h.obj_id & 0x00FFFFFFu));
    *o++ = ' ';
    o = tb_put_uint(o, (unsigned)h.gen_no);
    memcpy(o, " R", 3);
    return HPDF_Stream_WriteStr(s, buf);
}

/* "/key ", the value (a reference when ref, else the direct object through
 * libharu's writer), a line feed: one entry as HPDF_Dict_Write writes it. */
static HPDF_STATUS write_entry(HPDF_Stream s, const char *key, void *obj, int ref)
{
    HPDF_STATUS r;
    if ((r = HPDF_Stream_WriteEscapeName(s, key)) != HPDF_OK ||
        (r = HPDF_Stream_WriteChar(s, ' ')) != HPDF_OK ||
        (r = ref ? write_ref(s, obj) : HPDF_Obj_WriteValue(obj, s, NULL)) != HPDF_OK)
        return r;
    return HPDF_Stream_WriteStr(s, "\012");
}

static HPDF_STATUS write_name_entry(HPDF_Stream s, const char *key, const char *name)
{
    HPDF_STATUS r;
    if ((r = HPDF_Stream_WriteEscapeName(s, key)) != HPDF_OK ||
        (r = HPDF_Stream_WriteChar(s, ' ')) != HPDF_OK ||
        (r = HPDF_Stream_WriteEscapeName(s, name)) != HPDF_OK)
        return r;
    return HPDF_Stream_WriteStr(s, "\012");
}

/* /K as HPDF_Array_Write writes an array: "[ ", each item and a space,
 * "]"; a marked-content reference is a direct dictionary. */
static HPDF_STATUS write_kids(HPDF_Stream s, const pt_tagger *t, const pt_node *n)
{
    HPDF_STATUS r;
    if ((r = HPDF_Stream_WriteStr(s, "/K [ ")) != HPDF_OK) return r;
    for (long i = n->first; i >= 0; i = t->kids[i].next) {
        const pt_kid *k = &t->kids[i];
        if (k->elem) {
            r = write_ref(s, k->elem);
        } else if (k->page) {
            if ((r = HPDF_Stream_WriteStr(s, "<<\012")) != HPDF_OK ||
                (r = write_name_entry(s, "Type", "MCR")) != HPDF_OK ||
                (r = write_entry(s, "Pg", k->page, 1)) != HPDF_OK ||
                (r = HPDF_Stream_WriteStr(s, "/MCID ")) != HPDF_OK ||
                (r = HPDF_Stream_WriteInt(s, k->mcid)) != HPDF_OK)
                return r;
            r = HPDF_Stream_WriteStr(s, "\012>>");
        } else {
            r = HPDF_Stream_WriteInt(s, k->mcid);
        }
        if (r != HPDF_OK || (r = HPDF_Stream_WriteChar(s, ' ')) != HPDF_OK) return r;
    }
    return HPDF_Stream_WriteStr(s, "]\012");
}

/* The write hook of a StructElem: its entries, in the order a dictionary
 * that held them would have written them. */
static HPDF_STATUS write_elem(HPDF_Dict d, HPDF_Stream s)
{
    const pt_node *n = PH_PTR(d, HPDF_Dict_Rec, attr);
    HPDF_STATUS r;
    if ((r = write_name_entry(s, "Type", "StructElem")) != HPDF_OK ||
        (r = write_name_entry(s, "S", n->type)) != HPDF_OK ||
        (r = write_entry(s, "P", n->parent, 1)) != HPDF_OK ||
        (r = write_kids(s, n->t, n)) != HPDF_OK)
        return r;
    for (unsigned char o = 1; o <= n->nset; o++) {
        if (n->order[0] == o) r = write_entry(s, "Pg", n->pg, 1);
        else if (n->order[1] == o) r = write_entry(s, "Alt", n->alt, 0);
        else if (n->order[2] == o) r = write_entry(s, "A", n->attrs, 0);
        if (r != HPDF_OK) return r;
    }
    return HPDF_OK;
}

/* A StructElem of type under parent; NULL: see doc_error, or *oom. */
static HPDF_Dict new_elem(pt_tagger *t, const char *type, HPDF_Dict parent, pt_node **out,
                          int *oom)
{
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
    set_order(n, 1);
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
    set_order(n, 2);
    return 0;
}

static unsigned long write_op(pt_tagger *t, HPDF_Page page, const char *op)
{
    HPDF_PageAttr a = PH_PTR(page, HPDF_Dict_Rec, attr);
    /* Marked content must enclose whole text objects and paths. */
    TB_ASSERT(ph_u16(a, offsetof(HPDF_PageAttr_Rec, gmode)) == HPDF_GMODE_PAGE_DESCRIPTION);
    if (HPDF_Stream_WriteStr(PH_PTR(a, HPDF_PageAttr_Rec, stream), op) != HPDF_OK)
        return doc_error(t);
    return 0;
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
    if (!pg->parents && !(pg->parents = HPDF_Array_New(PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr))))
        return doc_error(t);
    int mcid = pg->next_mcid++;
    if (HPDF_Array_Add(pg->parents, e->dict) != HPDF_OK) return doc_error(t);
    if (!e->pg) {
        e->pg = page;
        e->node->pg = page;
        set_order(e->node, 0);
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
    memcpy(o, " <</MCID ", 9);
    o = tb_put_uint(o + 9, (unsigned)mcid);
    memcpy(o, ">> BDC\012", 8);
    return write_op(t, page, op);
}

unsigned long pt_mc_begin(pt_tagger *t, HPDF_Page page, pt_kind kind)
{
    if (t->figure) return 0;
    TB_ASSERT(!t->mc_open);
    unsigned long rc;
    t->mc_open = 1;
    t->mc_auto_p = 0;
    if (t->artifact > 0 || kind == PT_GRAPHIC)
        return write_op(t, page, "/Artifact BMC\012");
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
    TB_ASSERT(t->mc_open);
    unsigned long rc = write_op(t, page, "EMC\012");
    t->mc_open = 0;
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
    TB_ASSERT(!t->mc_open && !t->figure);
    /* One sequence: the drawing calls inside see figure > 0 and add none. */
    t->figure++;
    t->artifact++;
    return write_op(t, page,
                    "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\012");
}

unsigned long pt_pagination_end(pt_tagger *t, HPDF_Page page)
{
    t->figure--;
    t->artifact--;
    return write_op(t, page, "EMC\012");
}

unsigned long pt_figure_begin(pt_tagger *t, HPDF_Page page, const char *alt)
{
    TB_ASSERT(!t->mc_open && !t->figure);
    unsigned long rc;
    if ((rc = pt_begin(t, "Figure")) != 0 || (rc = pt_set_alt(t, alt)) != 0 ||
        (rc = open_mcid(t, page)) != 0)
        return rc;
    t->figure = 1;
    return 0;
}

unsigned long pt_figure_end(pt_tagger *t, HPDF_Page page)
{
    TB_ASSERT(t->figure == 1);
    t->figure = 0;
    unsigned long rc = write_op(t, page, "EMC\012");
    if (!rc) rc = pt_end(t);
    return rc;
}

unsigned long pt_finish(pt_tagger *t, const char *lang)
{
    TB_ASSERT(!t->mc_open && !t->figure && t->artifact == 0);
    pt_end_all(t);
    HPDF_MMgr mm = PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr);
    HPDF_Dict tree = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    if (!tree || !nums || HPDF_Dict_Add(tree, "Nums", nums) != HPDF_OK)
        return doc_error(t);
    /* Keys ascend in the order pages were first marked; each page's
     * /StructParents names its key. */
    int key = 0;
    for (size_t i = 0; i < t->npages; i++) {
        pt_page *p = &t->pages[i];
        if (!p->parents) continue;
        if (HPDF_Dict_AddNumber(p->page, "StructParents", key) != HPDF_OK ||
            HPDF_Array_AddNumber(nums, key) != HPDF_OK ||
            HPDF_Array_Add(nums, p->parents) != HPDF_OK)
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
