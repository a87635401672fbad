/* batch.c - network runs: per-municipality folders, the network summary,
 * -j worker processes and --shard selection (see batch.h).
 *
 * Each municipality is rendered from a one-municipality view of the
 * run's tables (its rows are contiguous in series_table and
 * analyze_result), so every existing report and export works unchanged
 * and writes exactly what a single-city run would. Workers are forked
 * after everything is computed: they share the parent's memory
 * copy-on-write, take units of work (municipalities, or a single
 * municipality's files) from a shared counter, write their files into the
 * shared staging folder and send back, through a temporary file each, the
 * name, length and SHA-256 of every file, which the parent adopts in unit
 * order. */
#define _GNU_SOURCE 1
#include "batch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "changes.h"
#include "identity.h"
#include "own.h"
#include "msg.h"
#include "previous.h"
#include "report_views.h"

/* ------------------------------------------------------------ parsing */

int batch_parse_shard(const char *s, unsigned *k, unsigned *n)
{
    unsigned a, b;
    int used = 0;
    if (sscanf(s, "%u/%u%n", &a, &b, &used) != 2 || s[used] || a < 1 || a > b || b > 100000)
        return -1;
    *k = a;
    *n = b;
    return 0;
}

/* -------------------------------------------------------------- slugs */

/* The folder-safe base of one name (before making it unique): tb_slug,
 * the one slug function; "municipio" when nothing is left. */
static int slug_base(const char *name, char *base, size_t cap)
{
    return tb_slug(name, MSG_V_SLUG_ENTITY, base, cap) ? TB_EX_OSERR : 0;
}

/* Open-addressing set of the slugs given so far (cap a power of two). */
typedef struct slug_set {
    const char **slot;
    size_t cap;
} slug_set;

static size_t slug_slot(const slug_set *h, const char *s)
{
    size_t i = (size_t)tb_fnv1a(s, strlen(s)) & (h->cap - 1);
    while (h->slot[i] && strcmp(h->slot[i], s)) i = (i + 1) & (h->cap - 1);
    return i;
}

typedef struct slug_key {
    const char *base, *name;
    size_t e;
} slug_key;

static int slug_key_cmp(const void *a, const void *b)
{
    const slug_key *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    if (!c) c = strcmp(x->name, y->name);
    return c ? c : (x->e > y->e) - (x->e < y->e);
}

/* Unique names in O(n log n): names that fold alike are numbered in the
 * order of their own spelling, not of the input's rows, so the same set of
 * municipalities gets the same folders whatever the row order (a folder
 * must keep meaning the same municipality from one month to the next). */
int batch_slugs(const series_table *t, char ***out)
{
    size_t n = t->nentities;
    char **sl = calloc(n + 1, sizeof *sl);
    char **bases = calloc(n + 1, sizeof *bases);
    slug_key *keys = calloc(n + 1, sizeof *keys);
    slug_set h = {NULL, 16};
    while (h.cap < 2 * n + 2) h.cap *= 2;
    h.slot = calloc(h.cap, sizeof *h.slot);
    int rc = sl && bases && keys && h.slot ? 0 : TB_EX_OSERR;
    for (size_t e = 0; !rc && e < n; e++) {
        char b[TB_SLUG_MAX];
        rc = slug_base(t->entities[e], b, sizeof b);
        if (!rc && !(bases[e] = tb_strdup(b))) rc = TB_EX_OSERR;
        keys[e] = (slug_key){bases[e], t->entities[e], e};
    }
    if (!rc && n > 1) qsort(keys, n, sizeof *keys, slug_key_cmp);
    for (size_t j = 0; !rc && j < n; j++) {
        size_t e = keys[j].e;
        char cand[TB_SLUG_MAX + 16];
        snprintf(cand, sizeof cand, "%s", bases[e]);
        size_t i = slug_slot(&h, cand);
        for (unsigned k = 2; h.slot[i]; k++) {
            snprintf(cand, sizeof cand, "%s-%u", bases[e], k);
            i = slug_slot(&h, cand);
        }
        if (!(sl[e] = tb_strdup(cand))) rc = TB_EX_OSERR;
        else h.slot[i] = sl[e];
    }
    for (size_t e = 0; bases && e < n; e++) free(bases[e]);
    free(bases);
    free(keys);
    free(h.slot);
    if (rc) {
        batch_slugs_free(sl, n);
        return rc;
    }
    *out = sl;
    return 0;
}

void batch_slugs_free(char **slugs, size_t n)
{
    for (size_t i = 0; slugs && i < n; i++) free(slugs[i]);
    free(slugs);
}

/* ------------------------------------------------- one municipality */

/* A one-municipality view of the run's tables and everything made for
 * it (its own metrics in a network run, its identity, its previous
 * period's comparison): what the renderers read as one.
 * entity_view_open fills it in place (one points into it: it must not
 * move), entity_view_close frees what it made. */
typedef struct entity_view {
    series_table tv;
    analyze_result mine, rv;   /* mine: owned (empty when viewed in place) */
    plan_identity id;          /* owned when neutral */
    int neutral;
    changes_set cs;            /* owned */
    report_input one;
} entity_view;

static void entity_view_close(entity_view *v)
{
    changes_fini(&v->cs);
    if (v->neutral) plan_identity_fini(&v->id);
    analyze_result_fini(&v->mine);
}

/* The view of municipality e, whose files go under sub/ (NULL: the period
 * folder itself, for a single municipality). The previous period's
 * comparison is loaded here, before rendering. On failure nothing is left
 * to close. */
static int entity_view_open(entity_view *v, const report_input *ri, const batch_opts *o,
                            const char *sub, size_t e, tb_error *err)
{
    const series_table *t = ri->series;
    const analyze_result *r = ri->res;
    memset(v, 0, sizeof *v);
    changes_init(&v->cs);
    v->tv = (series_table){&t->entities[e], 1, t->nindicators, &t->s[e * t->nindicators], NULL};
    /* in a network, a municipality other than the plan's own city is
     * shown with its own plan (own.h) or the network's neutral identity
     * (identity.h); a single municipality is the plan's city, whatever
     * the data call it */
    const plan *own = NULL;
    int network = t->nentities > 1;
    if (network && plan_own_of(ri->plan, t->entities[e], &own))
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    /* a network result (run.c) keeps no municipality's metrics: they are
     * made again here, for this municipality only (against its own plan
     * when it has one, as run.c's pass did), and freed once its files are
     * written; a full result (the tests) is viewed in place */
    analyze_result *rv = &v->rv;
    if (!r->m) {
        int rc = analyze_entity(r, ri->plan, own, t, e, ri->period_year, ri->period_month, &v->mine,
                                err);
        if (rc) return rc;
        *rv = v->mine;
    } else {
        *rv = *r;
        rv->nentities = 1;
        rv->m = &r->m[e * r->nindicators];
        rv->overall = &r->overall[e];
        for (int l = 0; l < ANALYZE_NLEVELS; l++) rv->level[l] = &r->level[l][e * r->nlevel[l]];
        rv->axis = rv->level[ANALYZE_LEVEL_AXIS];
    }
    rv->digest = NULL;
    report_input *one = &v->one;
    *one = *ri;
    one->series = &v->tv;
    one->res = rv;
    one->entity = 0;
    one->network_entity = e;
    v->neutral = network && !own && !plan_is_own_city(ri->plan, t->entities[e]);
    if (own) {
        one->plan = own;
        size_t counts[ANALYZE_NLEVELS];
        analyze_level_counts(own, counts);
        for (int l = 0; l < ANALYZE_NLEVELS; l++) rv->nlevel[l] = counts[l];
        rv->naxes = counts[ANALYZE_LEVEL_AXIS];
    } else if (v->neutral) {
        if (plan_identity_neutral(&v->id, ri->plan, t->entities[e])) {
            plan_identity_fini(&v->id);
            v->neutral = 0;
            analyze_result_fini(&v->mine);
            return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
        }
        one->plan = &v->id.view;
        /* the levels the neutral identity leaves out (identity.h) */
        rv->nlevel[ANALYZE_LEVEL_SECRETARIAT] = 0;
        rv->nlevel[ANALYZE_LEVEL_POLICY] = 0;
        rv->nlevel[ANALYZE_LEVEL_OBJECTIVE] = 0;
        rv->nlevel[ANALYZE_LEVEL_SUBOBJECTIVE] = 0;
    }
    if (!own) {
        /* the roll-ups are strided for the largest plan of the run */
        size_t counts[ANALYZE_NLEVELS];
        analyze_level_counts(ri->plan, counts);
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            if (rv->nlevel[l]) rv->nlevel[l] = counts[l];
        rv->naxes = counts[ANALYZE_LEVEL_AXIS];
    }
    int rc = changes_load_in(&v->cs, o->output_dir, sub, ri->period_year, ri->period_month,
                             one->plan, &v->tv, rv, err);
    one->changes = &v->cs;
    if (!rc && o->warns && (v->cs.unreadable || (v->cs.found && v->cs.matched == 0))) {
        /* a comparison that could not be made is said, not passed off as
         * "no change" */
        char where[512];
        snprintf(where, sizeof where, "%s/%s%s%s", o->output_dir ? o->output_dir : "",
                 v->cs.period[0] ? v->cs.period : "?", sub ? "/" : "", sub ? sub : "");
        tb_error w;
        tb_error_set(&w, TB_OK, where, 0, 0, "%s",
                     v->cs.unreadable ? MSG_CLI_PREV_UNREADABLE : MSG_CLI_PREV_UNMATCHED);
        tb_errlist_add(o->warns, &w);
    }
    if (rc) entity_view_close(v);
    return rc;
}

/* Every selected file of municipality e (see entity_view_open). */
static int stage_entity(const report_input *ri, const batch_opts *o, const char *sub, size_t e,
                        outfile_set *out, tb_error *err)
{
    entity_view v;
    int rc = entity_view_open(&v, ri, o, sub, e, err);
    if (rc) return rc;
    rc = catalog_stage_entity(&v.one, o->kinds, sub, CATALOG_EVERY_PART, out, err);
    entity_view_close(&v);
    return rc;
}

/* ------------------------------------------------------------ workers */

/* What the workers share out: units numbered 0..nunits-1, each either a
 * whole municipality (sel[u]) or, for a single municipality, one of its
 * files (a catalog part of view). Each worker takes the next unit from a
 * counter in shared memory, so a long report does not hold the others
 * back; the parent adopts the units' files in unit order whoever made
 * them, so out is the same as with one job. */
typedef struct batch_work {
    const report_input *ri;
    const batch_opts *o;
    char **slugs;
    const size_t *sel;
    size_t nunits;
    entity_view *view;   /* not NULL: units are this municipality's parts */
} batch_work;

static int stage_unit(const batch_work *wk, size_t u, outfile_set *out, tb_error *err)
{
    if (wk->view) return catalog_stage_entity(&wk->view->one, wk->o->kinds, NULL, u, out, err);
    return stage_entity(wk->ri, wk->o, wk->slugs[wk->sel[u]], wk->sel[u], out, err);
}

/* Record stream of a worker, per unit it made, in increasing unit order:
 * a uint32 unit, a uint32 count of files and, per file, uint32 name
 * length, the name, uint64 length, the SHA-256. A unit of REC_FAILED is
 * followed by the tb_error that stopped the worker. */
#define REC_FAILED UINT32_MAX

static int put(FILE *fp, const void *p, size_t n)
{
    return fwrite(p, 1, n, fp) == n ? 0 : -1;
}

static int put_entries(FILE *fp, uint32_t unit, const outfile_set *out, size_t from)
{
    uint32_t cnt = (uint32_t)(out->n - from);
    int bad = put(fp, &unit, sizeof unit) || put(fp, &cnt, sizeof cnt);
    for (size_t i = from; !bad && i < out->n; i++) {
        const char *name = outfile_name(out, i);
        uint32_t nl = (uint32_t)strlen(name);
        uint64_t len = out->e[i].len;
        bad = put(fp, &nl, sizeof nl) || put(fp, name, nl) ||
              put(fp, &len, sizeof len) || put(fp, out->e[i].sha256, OUTFILE_SHA256_SIZE);
    }
    return bad;
}

static _Noreturn void worker(const batch_work *wk, atomic_size_t *next, FILE *rec, int prog,
                             outfile_set *out)
{
    tb_error err;
    tb_error_clear(&err);
    int rc = 0;
    size_t n0 = out->n;
    while (!rc) {
        size_t u = atomic_fetch_add_explicit(next, 1, memory_order_relaxed);
        if (u >= wk->nunits) break;
        size_t from = out->n;
        rc = stage_unit(wk, u, out, &err);
        if (!rc && put_entries(rec, (uint32_t)u, out, from))
            rc = tb_error_set(&err, TB_EX_IOERR, NULL, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
        /* sent: the worker's own record of them is no longer needed, so
         * its memory stays flat however many municipalities it renders */
        outfile_forget_from(out, n0);
        char one = 1;
        if (!rc && write(prog, &one, 1) < 0) { /* progress is best effort */ }
    }
    if (rc) {
        uint32_t f = REC_FAILED;
        put(rec, &f, sizeof f);
        put(rec, &err, sizeof err);
    }
    if (fclose(rec) && !rc) rc = TB_EX_IOERR;
    close(prog);
    /* _exit: no atexit handlers, no stdio flush of the parent's buffers,
     * and above all no outfile_fini (it would remove the staging folder);
     * what the parent allocated is still reachable from its frames */
    _exit(rc ? (rc & 0xff) : 0);
}

static int get(FILE *fp, void *p, size_t n)
{
    return fread(p, 1, n, fp) == n ? 0 : -1;
}

/* What a worker's record stream holds next. */
typedef struct rec_head {
    FILE *fp;
    int64_t unit;   /* the next unit's number, or one of: */
#define HEAD_END (-1)      /* nothing more (the stream ended cleanly) */
#define HEAD_FAILED (-2)   /* the worker stopped on err */
#define HEAD_BROKEN (-3)   /* the stream ended inside a record */
    tb_error err;
} rec_head;

static void read_head(rec_head *h)
{
    uint32_t unit;
    size_t got = fread(&unit, 1, sizeof unit, h->fp);
    if (got == 0 && feof(h->fp)) h->unit = HEAD_END;
    else if (got != sizeof unit) h->unit = HEAD_BROKEN;
    else if (unit != REC_FAILED) h->unit = unit;
    else h->unit = get(h->fp, &h->err, sizeof h->err) ? HEAD_BROKEN : HEAD_FAILED;
}

/* Adopts the files of the unit h is at and reads the next head. */
static int adopt_unit(rec_head *h, outfile_set *out, tb_error *err)
{
    uint32_t cnt;
    if (get(h->fp, &cnt, sizeof cnt)) return -1;
    for (uint32_t i = 0; i < cnt; i++) {
        uint32_t nl;
        uint64_t len;
        unsigned char sha[OUTFILE_SHA256_SIZE];
        char name[1024];
        if (get(h->fp, &nl, sizeof nl) || nl >= sizeof name || get(h->fp, name, nl)) return -1;
        name[nl] = '\0';
        if (get(h->fp, &len, sizeof len) || get(h->fp, sha, sizeof sha)) return -1;
        int rc = outfile_adopt(out, name, (size_t)len, sha, err);
        if (rc) return rc;
    }
    read_head(h);
    return 0;
}

/* Adopts every unit's files in unit order from the workers' records. A
 * unit no record holds was the one a worker stopped on: its error is the
 * run's (failed: some worker did not exit cleanly). */
static int adopt_units(rec_head *h, int jobs, size_t nunits, int failed, outfile_set *out,
                       tb_error *err)
{
    for (int w = 0; w < jobs; w++) read_head(&h[w]);
    for (size_t u = 0; u < nunits; u++) {
        int w = 0;
        while (w < jobs && h[w].unit != (int64_t)u) w++;
        if (w < jobs) {
            int a = adopt_unit(&h[w], out, err);
            if (a < 0)
                return tb_error_set(err, failed ? TB_EX_SOFTWARE : TB_EX_IOERR, NULL, 0, 0,
                                    MSG_B_WORKER_LOST, w + 1);
            if (a) return a;
            continue;
        }
        for (w = 0; w < jobs; w++)
            if (h[w].unit == HEAD_FAILED) {
                *err = h[w].err;
                return err->code ? err->code : TB_EX_SOFTWARE;
            }
        for (w = 0; w < jobs && h[w].unit == HEAD_END; w++) {}
        return tb_error_set(err, failed ? TB_EX_SOFTWARE : TB_EX_IOERR, NULL, 0, 0,
                            MSG_B_WORKER_LOST, (w < jobs ? w : 0) + 1);
    }
    return 0;
}

/* Units finished between two outfile_writeback calls of the parent: in
 * a network, about 60 MB of files, a fraction of a second of disk. */
#define BATCH_WRITEBACK_EVERY 128

/* with_network: the parent stages the network's own files while the
 * workers render the municipalities (it sat idle before; the summary was
 * 0.2 s of a 2,300-municipality run's serial part), before it adopts
 * theirs, so the manifest lists them first, as a one-process run does.
 * wk->view, when set, is closed once the workers are done (before
 * o->release frees what it views). */
static int run_workers(batch_work *wk, int with_network, outfile_set *out, tb_error *err)
{
    const batch_opts *o = wk->o;
    int jobs = o->jobs;
    rec_head *rec = calloc((size_t)jobs, sizeof *rec);
    pid_t *pid = calloc((size_t)jobs, sizeof *pid);
    /* the next unit to take, shared by the workers */
    atomic_size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE,
                               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int pfd[2] = {-1, -1};
    if (!rec || !pid || next == MAP_FAILED) {
        free(rec);
        free(pid);
        if (next != MAP_FAILED) munmap(next, sizeof *next);
        if (wk->view) entity_view_close(wk->view);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    }
    atomic_init(next, 0);
    /* each failure names its own call, with the errno it set */
    int rc = 0;
    if (pipe(pfd)) {
        rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_B_CANNOT_PIPE, strerror(errno));
        pfd[0] = pfd[1] = -1;
    }
    fflush(stdout);
    fflush(stderr);
    /* the workers start from what the parent holds, not what it freed
     * (the peer statistics were built just before) */
    tb_give_back_memory();
    int started = 0;
    for (int w = 0; !rc && w < jobs; w++) {
        if (!(rec[w].fp = tmpfile())) {
            rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_B_CANNOT_RECORD, strerror(errno));
            break;
        }
        pid[w] = fork();
        if (pid[w] < 0) {
            rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_B_CANNOT_FORK, strerror(errno));
            break;
        }
        if (pid[w] == 0) {
            /* the child keeps only its own record file (valgrind follows
             * children: nothing of the parent's bookkeeping may leak) */
            FILE *mine = rec[w].fp;
            for (int k = 0; k < w; k++) fclose(rec[k].fp);
            free(rec);
            free(pid);
            close(pfd[0]);
            worker(wk, next, mine, pfd[1], out);
        }
        started++;
    }
    if (pfd[1] >= 0) close(pfd[1]);
    if (!rc && with_network) {
        rc = catalog_stage_network(wk->ri, out, err);
        /* the run fails: its workers' files are not wanted */
        if (rc)
            for (int w = 0; w < started; w++) kill(pid[w], SIGTERM);
    }
    /* progress: one byte per unit finished, until every worker has
     * closed its end */
    size_t done = 0;
    char buf[256];
    ssize_t got;
    while (pfd[0] >= 0 && (got = read(pfd[0], buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno == EINTR) continue;
            break;
        }
        size_t before = done;
        done += (size_t)got;
        /* idle here: the files written so far go to disk while the
         * workers render the next ones (a pipe's worth of progress bytes
         * waits meanwhile) */
        if (done / BATCH_WRITEBACK_EVERY != before / BATCH_WRITEBACK_EVERY) outfile_writeback(out);
        if (o->progress) o->progress(done, wk->nunits, o->progress_ctx);
    }
    if (pfd[0] >= 0) close(pfd[0]);
    int failed = 0;
    for (int w = 0; w < started; w++) {
        int st = 0;
        pid_t got_pid;
        while ((got_pid = waitpid(pid[w], &st, 0)) < 0 && errno == EINTR) {}
        if (got_pid < 0) {
            /* no status to read: the worker's files cannot be trusted */
            failed = 1;
            if (!rc)
                rc = tb_error_set(err, TB_EX_SOFTWARE, NULL, 0, 0, MSG_B_CANNOT_WAIT, w + 1,
                                  strerror(errno));
            continue;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st)) failed = 1;
        if (!WIFEXITED(st) && !rc)
            rc = tb_error_set(err, TB_EX_SOFTWARE, NULL, 0, 0, MSG_B_WORKER_DIED,
                              WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    }
    munmap(next, sizeof *next);
    if (wk->view) entity_view_close(wk->view);
    for (int w = 0; w < started; w++) rewind(rec[w].fp);
    if (o->release) o->release(o->release_ctx);
    if (!rc) rc = adopt_units(rec, started, wk->nunits, failed, out, err);
    for (int w = 0; w < jobs; w++)
        if (rec[w].fp) fclose(rec[w].fp);
    free(rec);
    free(pid);
    return rc;
}

/* --------------------------------------------------------------- driver */

int batch_stage(const report_input *ri, const batch_opts *o, outfile_set *out, tb_error *err)
{
    const series_table *t = ri->series;
    size_t nentities = t->nentities;   /* o->release may free t */
    char **slugs = NULL;
    size_t *sel = calloc(t->nentities + 1, sizeof *sel);
    if (!sel || batch_slugs(t, &slugs)) {
        free(sel);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    }
    size_t nsel = 0;
    for (size_t e = 0; e < t->nentities; e++)
        if (o->shard_n <= 1 || tb_fnv1a(slugs[e], strlen(slugs[e])) % o->shard_n == o->shard_k - 1)
            sel[nsel++] = e;
    /* one municipality: its files are the period folder's own, and there
     * is no network to summarise */
    int single = t->nentities == 1;
    int rc = 0;
    int with_network = !single && o->shard_n <= 1;
    batch_work wk = {ri, o, slugs, sel, nsel, NULL};
    batch_opts oj = *o;
    wk.o = &oj;
    entity_view view;
    if (o->jobs > 1 && single && nsel == 1) {
        /* one city: its files are the units (the management report, the
         * largest, is a fifth of the work) */
        rc = entity_view_open(&view, ri, o, NULL, sel[0], err);
        if (!rc) {
            wk.view = &view;
            wk.nunits = catalog_entity_parts(&view.one, o->kinds);
        }
    }
    if (oj.jobs > 1 && (size_t)oj.jobs > wk.nunits) oj.jobs = (int)wk.nunits;
    if (!rc && oj.jobs > 1) {
        rc = run_workers(&wk, with_network, out, err);
    } else if (!rc && wk.view) {
        rc = catalog_stage_entity(&view.one, o->kinds, NULL, CATALOG_EVERY_PART, out, err);
        entity_view_close(&view);
    } else if (!rc) {
        if (with_network) rc = catalog_stage_network(ri, out, err);
        for (size_t j = 0; !rc && j < nsel; j++) {
            rc = stage_entity(ri, o, single ? NULL : slugs[sel[j]], sel[j], out, err);
            if (!rc && o->progress) o->progress(j + 1, nsel, o->progress_ctx);
        }
    }
    batch_slugs_free(slugs, nentities);
    free(sel);
    return rc;
}
