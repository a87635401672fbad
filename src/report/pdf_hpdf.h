/* pdf_hpdf.h - reading and writing fields of libharu 2.3.0's internal
 * structures (pdf_tag.c, pdf_meta.c, pdf_font.c). Through memcpy at the
 * member's offset, never a member access: libharu's memory pool does not
 * align what it hands out (see RD_POOL_BYTES), and a member access through
 * a misaligned pointer is undefined behaviour (UBSan stops on it). Bytes
 * (char arrays) need no alignment and are addressed directly. */
#ifndef TABLERO_PDF_HPDF_H
#define TABLERO_PDF_HPDF_H

#include <stddef.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

static inline void *ph_ptr(const void *obj, size_t off)
{
    void *v;
    memcpy(&v, (const char *)obj + off, sizeof v);
    return v;
}

static inline unsigned ph_u16(const void *obj, size_t off)
{
    HPDF_UINT16 v;
    memcpy(&v, (const char *)obj + off, sizeof v);
    return v;
}

static inline void ph_set_uint(void *obj, size_t off, HPDF_UINT v)
{
    memcpy((char *)obj + off, &v, sizeof v);
}

static inline void ph_set_ptr(void *obj, size_t off, void *v)
{
    memcpy((char *)obj + off, &v, sizeof v);
}

/* A dictionary's write hook (HPDF_Dict_Rec's write_fn: called by
 * HPDF_Dict_Write after its entries, before ">>"). */
static inline void ph_set_write_fn(HPDF_Dict d, HPDF_Dict_OnWriteFunc fn)
{
    memcpy((char *)d + offsetof(HPDF_Dict_Rec, write_fn), &fn, sizeof fn);
}

/* A pointer member of obj (a pointer to type). */
#define PH_PTR(obj, type, member) ph_ptr((obj), offsetof(type, member))
/* The address of a byte-array member. */
#define PH_BYTES(obj, type, member) ((char *)(obj) + offsetof(type, member))

#endif
