/* outfile.h - a period's outputs appear together or not at all.
 * Files are staged in a hidden sibling folder OUTPUT/.<period>.tmp-<id>/
 * with checked write/fsync/close; outfile_commit fsyncs that folder and
 * swaps it with OUTPUT/<period> in one atomic rename, then fsyncs OUTPUT.
 * A reader (or a crash) sees either the whole old folder or the whole new
 * one, never a mix. Callers hold the output folder's lock (lock.h). */
#ifndef TABLERO_OUTFILE_H
#define TABLERO_OUTFILE_H

#include <stddef.h>

#include "common.h"

#define OUTFILE_SHA256_SIZE 32
/* Written in every staging folder until publication: proof, for the
 * start-up cleanup, that a hidden folder is tablero's own. */
#define OUTFILE_MARKER ".tablero-staging"

/* One staged file. */
/* 48 bytes and the name: a national network stages 100,000 files. */
typedef struct outfile_entry {
    size_t name_off;   /* the file's name inside the period folder, at
                          names + name_off (outfile_name) */
    size_t len;        /* bytes written */
    unsigned char sha256[OUTFILE_SHA256_SIZE];
} outfile_entry;

/* Caller-owned; outfile_init, stage..., outfile_commit (or not), then
 * always outfile_fini, which removes whatever was not published. */
typedef struct outfile_set {
    char *base;        /* owned; OUTPUT */
    char *name;        /* owned; the period folder's name, "2026-11" */
    char *dir;         /* owned; OUTPUT/<period> */
    char *stage;       /* owned; staging folder's name inside OUTPUT, or
                          NULL once it is gone */
    char *old;         /* owned; after commit, where the replaced folder
                          went (removed before commit returns, unless
                          that failed); else NULL */
    int base_fd;       /* OUTPUT, open while the set lives; -1 */
    int stage_fd;      /* staging folder, open until commit; -1 */
    char *sub;         /* owned; the subfolder of the staging folder the
                          last outfile_stage wrote in, or NULL */
    int sub_fd;        /* that subfolder (when sub is set), open until
                          the next one is needed, commit or fini: a
                          network run writes a municipality's files one
                          after another, and each reopened its folder
                          (mkdirat, openat, close: three calls of a
                          file's seven) */
    int mode_exact;    /* files are created with exactly mode 0644 here
                          (the marker was: umask and any default ACL
                          leave it whole), so no fchmod is needed */
    outfile_entry *e;
    size_t n, cap;     /* entries used and allocated */
    char *names;       /* owned; every entry's name, NUL-terminated, one
                          after another */
    size_t nnames, capnames;
    int committed;     /* the new folder is in place */
    int replaced;      /* an earlier OUTPUT/<period> existed at init */
    int old_left;      /* committed, but the replaced folder could not be
                          removed (it is removed at the next run) */
    int sync_at_commit; /* set by the caller: files are not fsynced one by
                          one; outfile_commit runs one syncfs(2) over the
                          staging folder's file system first (network
                          runs: thousands of files) */
} outfile_set;

/* With sync_at_commit: writes out what has been staged so far, by any
 * process, and waits for it (syncfs(2) on the staging folder's file
 * system), so that the commit's own syncfs has little left to wait for.
 * For a caller that would otherwise sit idle: the parent of -j workers,
 * while they render. A network run writes about a gigabyte, under the
 * kernel's background-writeback threshold on a machine with this much
 * memory, so without it nothing reaches the disk until the commit, whose
 * syncfs then kept both cores idle for 1.9 s at 2,300 municipalities.
 * Best effort, no result: the commit's syncfs still gives the guarantee. */
void outfile_writeback(outfile_set *s);

/* Creates base (and missing parents) and an empty staging folder for the
 * period folder `name`. Returns 0, TB_EX_CANTCREAT (cannot create the
 * folders) or TB_EX_OSERR (memory). On failure s is still valid for
 * outfile_fini. */
int outfile_init(outfile_set *s, const char *base, const char *name, tb_error *err);

/* 1 when name is "file" or "folder/file" with neither part empty, "." or
 * "..", nor starting with a dot: a path that stays inside the staging
 * folder. outfile_stage refuses any other name (70). */
int outfile_name_safe(const char *name);

/* Writes data as file `name` in the staging folder (name may be
 * "sub/file": the folder sub is created in the staging folder when
 * missing) (write, fsync, close,
 * all checked) and records its length and SHA-256. Returns 0,
 * TB_EX_CANTCREAT (cannot create) or TB_EX_IOERR (write/fsync/close
 * failed) or TB_EX_OSERR; a failed file is removed. */
int outfile_stage(outfile_set *s, const char *name, const void *data, size_t len,
                  tb_error *err);

/* Records a file that another process (a -j worker, sharing the staging
 * folder) staged as `name` with this length and digest, as if
 * outfile_stage had written it here. Returns 0 or TB_EX_OSERR. */
int outfile_adopt(outfile_set *s, const char *name, size_t len,
                  const unsigned char sha256[OUTFILE_SHA256_SIZE], tb_error *err);

/* Publishes the staging folder as OUTPUT/<period>, replacing an earlier
 * one atomically, fsyncs OUTPUT, then removes the replaced folder. Returns
 * 0 or TB_EX_IOERR; on failure the earlier folder is back in place and
 * nothing was published. A replaced folder that cannot be removed is not
 * an error: old_left is set and the next run removes it. */
int outfile_commit(outfile_set *s, tb_error *err);

/* Publishes the staging folder's entries into OUTPUT/<period> one by one
 * instead of swapping the whole folder (a --shard part: the folder holds
 * other parts' municipalities): each folder is swapped with the one of
 * the same name in one renameat2(RENAME_EXCHANGE) (or renamed, when
 * there is none), each file renamed over; files named manifest* go last,
 * so a part's manifest is there only once its files are. OUTPUT/<period>
 * is created when missing. Returns 0 or TB_EX_IOERR (the entries moved
 * before the failure stay published, each one whole). The replaced
 * entries end in the staging folder, removed by outfile_fini. */
int outfile_commit_parts(outfile_set *s, tb_error *err);

/* Forgets entries n.. (their files stay staged): a -j worker, once it
 * has sent them to the parent, frees what it added before _exit (it must
 * not call outfile_fini, which would remove the shared staging folder). */
void outfile_forget_from(outfile_set *s, size_t n);

/* Removes the staging folder (if not committed), closes and frees. */
void outfile_fini(outfile_set *s);

/* Borrowed, valid until the next stage, adopt or forget: the name of
 * the i-th staged file inside the period folder. */
const char *outfile_name(const outfile_set *s, size_t i);

/* The final path of the i-th staged file, OUTPUT/<period>/<name>, into
 * buf[0..cap) (cut if longer). Returns buf. */
const char *outfile_path(const outfile_set *s, size_t i, char *buf, size_t cap);

/* Before a run, under the lock: removes staging and replaced folders left
 * in base by runs that were killed, and nothing else: only real folders
 * named exactly ".YYYY-MM.tmp-P-K" or ".YYYY-MM.old-P-K" that hold
 * OUTFILE_MARKER or a manifest (or are empty); any other hidden name,
 * file or link is someone else's and is left alone. An
 * ".old" folder whose <name> is missing is renamed back to <name> (a kill
 * between the two renames of the fallback swap). Returns how many were
 * found; *failed counts those that could not be handled. A missing base
 * is not an error. */
size_t outfile_clean_stale(const char *base, size_t *failed);

/* mkdir -p; returns 0 or -1 with errno set. */
int outfile_make_dirs(const char *dir);

/* Lower-case hex of a SHA-256 digest; out needs 65 bytes. */
void outfile_hex(const unsigned char *digest, char *out);

#endif
