/* outfile.h - a period's outputs appear together or not at all.
 * Each file is written to a temporary name in the destination folder with
 * checked write/fsync/close; outfile_commit renames them all into place and
 * fsyncs the folder; outfile_abort removes the temporaries. */
#ifndef TABLERO_OUTFILE_H
#define TABLERO_OUTFILE_H

#include <stddef.h>

#include "common.h"

typedef struct outfile_entry {
    char *tmp_path;
    char *final_path;
} outfile_entry;

/* Caller-owned; outfile_init, then outfile_abort or outfile_commit, then
 * outfile_fini. */
typedef struct outfile_set {
    char *dir;
    outfile_entry *e;
    size_t n, cap;
} outfile_set;

/* Creates dir (and missing parents). Returns 0 or TB_EX_CANTCREAT. */
int outfile_init(outfile_set *s, const char *dir, tb_error *err);

/* Writes data to a temporary file beside dir/name. Returns 0,
 * TB_EX_CANTCREAT (cannot create) or TB_EX_IOERR (write/fsync/close
 * failed); the temporary is removed on failure. */
int outfile_stage(outfile_set *s, const char *name, const void *data,
                  size_t len, tb_error *err);

/* Renames every staged file into place, then fsyncs the folder.
 * Returns 0 or TB_EX_IOERR. */
int outfile_commit(outfile_set *s, tb_error *err);

/* Removes every staged temporary that was not committed. */
void outfile_abort(outfile_set *s);
void outfile_fini(outfile_set *s);

/* Borrowed; final path of the i-th staged file. */
const char *outfile_path(const outfile_set *s, size_t i);

#endif
