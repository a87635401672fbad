/* pdf_font.h - TrueType fonts for libharu from memory, trimmed for
 * embedding. libharu 2.3.0 embeds 13 tables of a TrueType font whatever
 * the document uses (only glyf is subset), reads the font file with an
 * fseek and fread per field, and offers no way to load a font from memory
 * (HPDF_LoadTTFontFromMemory came in 2.4). This module reads the file once
 * per document, keeps only those 13 tables, replaces the glyph-name table
 * (post, 27 KB in Liberation Sans, unused by PDF readers of a font with an
 * encoding) by its 32-byte format 3, and registers the result with the
 * document through libharu's internal font-definition calls
 * (HPDF_TTFontDef_Load, HPDF_Doc_RegisterFontDef, HPDF_Doc_Rec's
 * ttfont_tag): the same steps as HPDF_LoadTTFontFromFile, from a memory
 * stream. The trimmed font exists only inside the PDF, as libharu's own
 * subset does. */
#ifndef TABLERO_PDF_FONT_H
#define TABLERO_PDF_FONT_H

#include <stddef.h>

#include <hpdf.h>

#include "common.h"

/* The tables of ttf (n bytes) that libharu embeds, post as format 3,
 * appended to out as a TrueType file. Returns 0, or -1 when ttf is not a
 * TrueType font whose tables lie inside it (out unchanged, or failed when
 * out->failed). Pure. */
int pf_trim(const unsigned char *ttf, size_t n, tb_buf *out);

/* Loads the TrueType font ttf (n bytes, e.g. pf_trim's output; copied) into
 * pdf for embedding and returns its name for HPDF_GetFont (owned by the
 * document), or NULL with libharu's error set. */
const char *pf_load(HPDF_Doc pdf, const unsigned char *ttf, size_t n);

#endif
