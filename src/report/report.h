/* report.h - the PDF reports (libharu), in Spanish, A4: the monthly
 * management report (here), and the strategic, operational and citizen
 * reports (report_views.h). Renders into memory; writing the bytes to disk is outfile's job,
 * because HPDF_SaveToFile ignores fclose() errors. */
#ifndef TABLERO_REPORT_H
#define TABLERO_REPORT_H

#include <stddef.h>

#include "common.h"
#include "results.h"

/* Renders the PDF into out (appended). Returns 0, or TB_EX_SOFTWARE with
 * err holding libharu's error number when the library fails, TB_EX_OSERR
 * when memory runs out. */
int report_render_pdf(const report_input *ri, tb_buf *out, tb_error *err);

/* The fonts and colour profile every PDF embeds, read and trimmed once
 * (report_draw.h), for report_input.assets; caller frees with
 * rd_assets_free. NULL when a file is missing or unreadable, or memory
 * runs out: then each document reads them itself, and fails as it always
 * did (a broken installation). */
struct rd_assets *rd_assets_new(void);
void rd_assets_free(struct rd_assets *a);

#endif
