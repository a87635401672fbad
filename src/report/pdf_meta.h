/* pdf_meta.h - what makes a libharu document archivable (PDF/A-2b): the
 * info dictionary in UTF-16 mirrored by an XMP metadata stream, an sRGB
 * output intent, a trailer /ID derived from the content, and a ToUnicode
 * map for the embedded single-byte TrueType fonts. Like pdf_tag.h it uses
 * libharu's object layer below the public API (HPDF_Doc_Rec's mmgr, xref,
 * catalog, info and trailer), because libharu 2.3.0's own PDF/A code
 * writes a time-based /ID and an invalid /SubType key. Pure helpers
 * (pm_xmp, pm_date_*) are exposed for the unit tests.
 *
 * Functions return 0 or a libharu error code (PT_ENOMEM from pdf_tag.h when
 * our own allocation failed). */
#ifndef TABLERO_PDF_META_H
#define TABLERO_PDF_META_H

#include <stddef.h>

#include <hpdf.h>

#include "common.h"
#include "pdf_tag.h"

/* Document information, all UTF-8 (NULL or "": left out). Borrowed. */
typedef struct pm_info {
    const char *title, *author, *subject, *creator, *producer;
    long long created;   /* seconds since the epoch (UTC) */
} pm_info;

/* Writes the info dictionary (text strings in UTF-16BE, CreationDate as
 * D:YYYYMMDDHHmmSSZ). */
unsigned long pm_write_info(pt_tagger *t, const pm_info *in);

/* The XMP packet mirroring in (dc:title, dc:creator, dc:description,
 * xmp:CreatorTool, xmp:CreateDate, pdf:Producer) with the PDF/A-2b
 * identification, appended to out. Pure. */
void pm_xmp(tb_buf *out, const pm_info *in);

/* "2026-12-01T00:00:00Z" (n >= 21) and "D:20261201000000Z" (n >= 18). */
void pm_date_xmp(char *buf, size_t n, long long epoch);
void pm_date_pdf(char *buf, size_t n, long long epoch);

/* Adds the XMP stream (catalog /Metadata, uncompressed), the sRGB output
 * intent with the ICC profile bytes (icc, n; copied), and the trailer /ID
 * made of the 16-byte digest id (twice: the file has one version). */
unsigned long pm_finish(pt_tagger *t, const pm_info *in, const unsigned char *icc,
                        size_t n, const unsigned char id[16]);

/* A /ToUnicode CMap on a single-byte font, from its encoder's table (every
 * code from 32 to 255 that the encoder maps). */
unsigned long pm_font_tounicode(pt_tagger *t, HPDF_Font font, HPDF_Encoder enc);

#endif
