/* plan.c - loads the strategic plan from config/: an INI file read with
 * inih (settings, mission, vision, names of the list files) and CSV lists
 * read with csvread (so config files get the same encoding, delimiter and
 * line handling as data). Every error names the file and line. */
#include "plan.h"
#include "plan_table.h"
#include "comments.h"
#include "own.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "msg.h"
#include "text.h"

#define CFG_MAX_BYTES (4u * 1024u * 1024u)

/* ------------------------------------------------------------------ INI */

/* Name matching folds (text_fold), which allocates. text_fold's NULL means
 * either "out of memory" or "not UTF-8"; the first must stop the load with
 * 71 and never pass for "no match", or links would silently go wrong. */

/* Folds s. Returns 0 with *out (caller frees; NULL when s is not valid
 * UTF-8: it matches nothing), or -1 when memory ran out. */
static int fold(const char *s, char **out)
{
    *out = text_fold(s);
    if (*out || !text_utf8_valid(s, strlen(s))) return 0;
    return -1;
}

/* 1 when a and b name the same thing ignoring case, accents, punctuation;
 * 0 when not; -1 when memory ran out. */
static int same_name(const char *a, const char *b)
{
    char *fa, *fb = NULL;
    int rc = fold(a, &fa);
    if (!rc) rc = fold(b, &fb);
    int same = rc ? -1 : (fa && fb && !strcmp(fa, fb));
    free(fa);
    free(fb);
    return same;
}

/* Index of the first of the NULL-terminated names that value matches (as
 * same_name), -1 when none does, -2 when memory ran out. */
static int match_name(const char *value, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        int same = same_name(value, names[i]);
        if (same) return same < 0 ? -2 : i;
    }
    return -1;
}

enum { K_STR, K_PATHLIST, K_DOUBLE, K_INT, K_SIZE_MB, K_ENC, K_DELIM, K_MODEL, K_METHOD };

typedef struct ini_key {
    const char *section;
    const char *name;
    int kind;
    size_t offset;       /* into plan, for K_STR/K_DOUBLE/K_INT */
    double lo, hi;       /* valid range for numbers */
    const char *expect;  /* message fragment for bad numbers */
} ini_key;

/* The list-file names are not kept in the plan; they live in this struct
 * only while loading. */
typedef struct list_files {
    char *values, *objectives, *dimensions, *axes, *policies, *secretariats,
        *indicators;
    char *municipalities;   /* optional: NULL when [red] has no table */
    char *comments;         /* optional: NULL when [plan] has no comentarios */
} list_files;

typedef struct ini_ctx {
    plan *p;
    list_files *lf;
    FILE *fp;
    long line;
    int continuation;    /* the current line is indented: inih passes it as
                            another value of the previous key */
    int too_long;        /* a line did not fit inih's buffer */
    long key_line[128];  /* line where each INI_KEYS entry was set; 0: not */
    char sections[32][32]; /* section headers seen, to refuse a repeat */
    long section_line[32];
    size_t nsections;
    int failed;
    tb_error *err;
    const char *path;
} ini_ctx;

#define PO(field) offsetof(plan, field)
#define RO(field) (offsetof(plan, rules) + offsetof(plan_rules, field))
#define SO(field) (offsetof(plan, scores) + offsetof(plan_scores, field))
#define SS(k) (offsetof(plan, scores) + offsetof(plan_scores, status) + (k) * sizeof(double))
#define LO(field) (offsetof(list_files, field) | ((size_t)1 << (sizeof(size_t) * 8 - 1)))
#define LIST_FLAG ((size_t)1 << (sizeof(size_t) * 8 - 1))

static const ini_key INI_KEYS[] = {
    {"municipio", "nombre", K_STR, PO(city), 0, 0, NULL},
    {"municipio", "provincia", K_STR, PO(province), 0, 0, NULL},
    {"municipio", "pais", K_STR, PO(country), 0, 0, NULL},
    {"informe", "titulo", K_STR, PO(title), 0, 0, NULL},
    {"informe", "autor", K_STR, PO(author), 0, 0, NULL},
    {"informe", "periodo_gestion", K_STR, PO(term_label), 0, 0, NULL},
    {"plan", "mision", K_STR, PO(mission), 0, 0, NULL},
    {"plan", "vision", K_STR, PO(vision), 0, 0, NULL},
    {"plan", "valores", K_STR, LO(values), 0, 0, NULL},
    {"plan", "objetivos", K_STR, LO(objectives), 0, 0, NULL},
    {"plan", "dimensiones", K_STR, LO(dimensions), 0, 0, NULL},
    {"plan", "ejes", K_STR, LO(axes), 0, 0, NULL},
    {"plan", "politicas", K_STR, LO(policies), 0, 0, NULL},
    {"plan", "secretarias", K_STR, LO(secretariats), 0, 0, NULL},
    {"plan", "indicadores", K_STR, LO(indicators), 0, 0, NULL},
    {"plan", "comentarios", K_STR, LO(comments), 0, 0, NULL},
    {"red", "municipios", K_STR, LO(municipalities), 0, 0, NULL},
    {"red", "anio_referencia", K_INT, PO(network_ref_year), 1900, 2200, MSG_C_EXPECT_YEAR},
    {"entradas", "rutas", K_PATHLIST, 0, 0, 0, NULL},
    {"entradas", "codificacion", K_ENC, 0, 0, 0, NULL},
    {"entradas", "separador", K_DELIM, 0, 0, 0, NULL},
    {"entradas", "hojas", K_STR, PO(sheets), 0, 0, NULL},
    {"entradas", "tamano_maximo_mb", K_SIZE_MB, 0, 1, 4096, MSG_C_EXPECT_INT},
    {"salida", "carpeta", K_STR, PO(output_dir), 0, 0, NULL},
    {"metas", "meta", K_DOUBLE, PO(default_target), -1e9, 1e9, MSG_C_EXPECT_NUMBER},
    {"metas", "anio_meta", K_INT, PO(default_target_year), 1900, 2200, MSG_C_EXPECT_YEAR},
    {"reglas", "puntos_minimos_intervalo", K_INT, RO(min_points_interval), 3, 1000, MSG_C_EXPECT_INT},
    {"reglas", "ancho_maximo_intervalo", K_DOUBLE, RO(max_interval_width), 1e-9, 1e9, MSG_C_EXPECT_POSITIVE},
    {"reglas", "anios_desactualizado", K_INT, RO(stale_years), 0, 100, MSG_C_EXPECT_INT},
    {"reglas", "horizonte_alcance", K_INT, RO(reach_horizon_years), 1, 200, MSG_C_EXPECT_INT},
    {"reglas", "nivel_confianza", K_DOUBLE, RO(confidence), 0.5, 0.999, MSG_C_EXPECT_CONFIDENCE},
    {"reglas", "valor_minimo", K_DOUBLE, RO(value_min), -1e9, 1e9, MSG_C_EXPECT_NUMBER},
    {"reglas", "valor_maximo", K_DOUBLE, RO(value_max), -1e9, 1e9, MSG_C_EXPECT_NUMBER},
    {"reglas", "anio_minimo", K_INT, RO(year_min), 1900, 2200, MSG_C_EXPECT_YEAR},
    {"reglas", "anio_maximo", K_INT, RO(year_max), 1900, 2200, MSG_C_EXPECT_YEAR},
    {"reglas", "tolerancia_meta", K_DOUBLE, RO(target_tolerance), 0, 1e9, MSG_C_EXPECT_NONNEG},
    {"reglas", "banda_mantener", K_DOUBLE, RO(maintain_band), 0, 1e9, MSG_C_EXPECT_NONNEG},
    {"reglas", "anios_minimos_tendencia", K_INT, RO(min_years_trend), 3, 1000, MSG_C_EXPECT_INT},
    {"reglas", "probabilidad_en_camino", K_DOUBLE, RO(p_on_track), 0.5, 1, MSG_C_EXPECT_UNIT},
    {"reglas", "probabilidad_fuera_de_camino", K_DOUBLE, RO(p_off_track), 0, 0.5, MSG_C_EXPECT_UNIT},
    {"reglas", "desvio_minimo", K_DOUBLE, RO(min_sd), 0, 1e9, MSG_C_EXPECT_NONNEG},
    {"reglas", "comprobaciones_minimas_calibracion", K_INT, RO(calib_min_checks), 1, 1000000000, MSG_C_EXPECT_INT},
    {"proyeccion", "modelo", K_MODEL, 0, 0, 0, NULL},
    {"proyeccion", "metodo", K_METHOD, 0, 0, 0, NULL},
    {"proyeccion", "ventana_anios", K_INT, RO(window_years), 0, 1000, MSG_C_EXPECT_INT},
    {"importancia", "peso_plan", K_DOUBLE, SO(w_weight), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"importancia", "peso_brecha", K_DOUBLE, SO(w_gap), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"importancia", "brecha_referencia", K_DOUBLE, SO(gap_ref), 1e-9, 1e9, MSG_C_EXPECT_POSITIVE},
    {"importancia", "brecha_desconocida", K_DOUBLE, SO(unknown_gap), 0, 1, MSG_C_EXPECT_UNIT},
    {"importancia", "umbral", K_DOUBLE, SO(importance_threshold), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "peso_estado", K_DOUBLE, SO(w_status), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"urgencia", "peso_caida", K_DOUBLE, SO(w_decline), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"urgencia", "peso_plazo", K_DOUBLE, SO(w_deadline), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"urgencia", "peso_antiguedad", K_DOUBLE, SO(w_age), 0, 1e3, MSG_C_EXPECT_NONNEG},
    {"urgencia", "estado_cumplido", K_DOUBLE, SS(0), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_en_camino", K_DOUBLE, SS(1), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_incierto", K_DOUBLE, SS(2), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_en_riesgo", K_DOUBLE, SS(3), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_fuera_de_camino", K_DOUBLE, SS(4), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_sin_datos", K_DOUBLE, SS(5), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_a_confirmar", K_DOUBLE, SS(6), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "estado_cumplido_en_descenso", K_DOUBLE, SS(7), 0, 1, MSG_C_EXPECT_UNIT},
    {"urgencia", "caida_referencia", K_DOUBLE, SO(decline_ref), 1e-9, 1e9, MSG_C_EXPECT_POSITIVE},
    {"urgencia", "horizonte_plazo", K_DOUBLE, SO(deadline_horizon), 1e-9, 1e3, MSG_C_EXPECT_POSITIVE},
    {"urgencia", "antiguedad_referencia", K_DOUBLE, SO(age_ref), 1e-9, 1e3, MSG_C_EXPECT_POSITIVE},
    {"urgencia", "umbral", K_DOUBLE, SO(urgency_threshold), 0, 1, MSG_C_EXPECT_UNIT},
};
#define N_INI_KEYS (sizeof INI_KEYS / sizeof INI_KEYS[0])
_Static_assert(N_INI_KEYS <= 128, "ini_ctx.key_line holds one line per key");

/* Config numbers may use a decimal comma, as the analyst's spreadsheet
 * does. Returns 0 and *out, or -1. */
static int cfg_parse_double(const char *s, double *out)
{
    char tmp[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof tmp) return -1;
    for (size_t i = 0; i <= n; i++) tmp[i] = s[i] == ',' ? '.' : s[i];
    /* plain decimals only: strtod also takes "0x50", "inf", "1p3" */
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789+-.eE", tmp[i])) return -1;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (errno || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* dir + "/" + rel with "." and "dir/.." folded lexically, so that messages
 * show "input/x.csv" rather than "config/../input/x.csv". Absolute rel is
 * kept as given. Caller frees; NULL on allocation failure. */
static char *join_path(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0] || !strcmp(dir, ".")) return tb_strdup(rel);
    tb_buf b;
    tb_buf_init(&b);
    tb_buf_puts(&b, dir);
    const char *r = rel;
    for (;;) {
        if (!strncmp(r, "./", 2)) {
            r += 2;
            continue;
        }
        if (strncmp(r, "../", 3) && strcmp(r, "..")) break;
        char *slash = b.data ? strrchr(b.data, '/') : NULL;
        const char *last = slash ? slash + 1 : b.data;
        if (!b.data || !strcmp(last, "..") || !strcmp(last, ".") || !last[0]) break;
        if (slash) {
            b.len = (size_t)(slash - b.data) + (slash == b.data);
        } else {
            b.len = 0;
        }
        b.data[b.len] = '\0';
        r += r[2] ? 3 : 2;
    }
    if (b.len) tb_buf_puts(&b, "/");
    tb_buf_puts(&b, r[0] ? r : ".");
    if (b.failed) {
        tb_buf_fini(&b);
        return NULL;
    }
    return b.data;
}

static int ini_fail(ini_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records the first problem only: inih keeps calling the handler after a
 * failure, and later messages would hide the cause. Returns 0, inih's
 * "error" value. */
static int ini_fail(ini_ctx *c, const char *fmt, ...)
{
    if (!c->failed) {
        c->failed = 1;
        char msg[TB_ERR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        /* inih cuts long section names and keys at a byte count, maybe
         * inside a character: the message quotes them, and must stay
         * valid UTF-8 for the terminal and the manifest */
        size_t n = strlen(msg), at;
        while ((at = text_utf8_invalid_at(msg, n)) < n) msg[at] = '?';
        tb_error_set(c->err, TB_EX_CONFIG, c->path, c->line, 0, "%s", msg);
    }
    return 0;
}

/* Like ini_fail for running out of memory: that is the system's problem,
 * not the config's, so it exits 71, not 78. */
static int ini_oom(ini_ctx *c)
{
    if (!c->failed) {
        c->failed = 1;
        tb_error_set(c->err, TB_EX_OSERR, c->path, c->line, 0, "%s", MSG_C_OUT_OF_MEMORY);
    }
    return 0;
}

static int ini_set_pathlist(ini_ctx *c, const char *value)
{
    plan *p = c->p;
    for (size_t i = 0; i < p->ninputs; i++) free(p->inputs[i]);
    p->ninputs = 0;
    const char *s = value;
    while (*s) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char *piece = tb_strndup(s, len);
        if (!piece) return ini_oom(c);
        text_trim(piece);
        if (piece[0]) {
            char **np = tb_reallocarray(p->inputs, p->ninputs + 1, sizeof *np);
            char *full = np ? join_path(p->config_dir, piece) : NULL;
            if (np) p->inputs = np;
            if (!full) {
                free(piece);
                return ini_oom(c);
            }
            p->inputs[p->ninputs++] = full;
        }
        free(piece);
        s += len;
        if (*s == ';') s++;
    }
    return 1;
}

static int ini_set_number(ini_ctx *c, const ini_key *k, const char *value)
{
    double v;
    if (cfg_parse_double(value, &v))
        return ini_fail(c, MSG_C_BAD_NUMBER, value, k->name, k->expect);
    if (v < k->lo || v > k->hi || (k->kind != K_DOUBLE && v != floor(v)))
        return ini_fail(c, MSG_C_BAD_RANGE, value, k->name, k->expect);
    char *base = (char *)c->p;
    if (k->kind == K_DOUBLE)
        *(double *)(base + k->offset) = v;
    else if (k->kind == K_INT)
        *(int *)(base + k->offset) = (int)v;
    else
        c->p->max_input_bytes = (size_t)v * 1024u * 1024u;
    return 1;
}

static int ini_set_string(ini_ctx *c, const ini_key *k, const char *value)
{
    char **slot = (k->offset & LIST_FLAG)
                      ? (char **)((char *)c->lf + (k->offset & ~LIST_FLAG))
                      : (char **)((char *)c->p + k->offset);
    char *v;
    if (c->continuation && *slot) {
        /* Long texts (mission, vision) continue on indented lines. */
        tb_buf b;
        tb_buf_init(&b);
        tb_buf_printf(&b, "%s %s", *slot, value);
        v = b.failed ? NULL : b.data;
        if (!v) tb_buf_fini(&b);
    } else {
        v = tb_strdup(value);
    }
    if (!v) return ini_oom(c);
    free(*slot);
    *slot = v;
    return 1;
}

static void keys_of_section(const char *section, char *out, size_t cap)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < N_INI_KEYS; i++) {
        if (strcmp(INI_KEYS[i].section, section)) continue;
        int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                         INI_KEYS[i].name);
        if (n < 0 || (size_t)n >= cap - used) break;
        used += (size_t)n;
    }
}

static int plan_ini_handler(void *user, const char *section, const char *name,
                       const char *value)
{
    ini_ctx *c = user;
    if (c->failed) return 1;
    int section_known = 0;
    for (size_t i = 0; i < N_INI_KEYS; i++) {
        const ini_key *k = &INI_KEYS[i];
        if (strcmp(k->section, section)) continue;
        section_known = 1;
        if (strcmp(k->name, name)) continue;
        /* indented lines continue long texts; a number, path or choice
         * that "continues" is a mistake, and a key set twice hides one of
         * the two values: both are refused, naming the earlier line */
        if (c->continuation && k->kind != K_STR)
            return ini_fail(c, MSG_C_CONTINUED_VALUE, name, section);
        if (!c->continuation && c->key_line[i])
            return ini_fail(c, MSG_C_DUPLICATE_KEY, name, section, c->key_line[i]);
        if (!c->continuation) c->key_line[i] = c->line;
        switch (k->kind) {
        case K_STR: return ini_set_string(c, k, value);
        case K_PATHLIST: return ini_set_pathlist(c, value);
        case K_ENC:
            if (strcmp(value, "auto") && strcmp(value, "utf-8") &&
                strcmp(value, "windows-1252"))
                return ini_fail(c, MSG_C_BAD_ENCODING, value);
            return ini_set_string(c, &(ini_key){0, 0, K_STR, PO(encoding), 0, 0, 0}, value);
        case K_DELIM: {
            /* inih reads " ;" as the start of a comment, so a bare ';'
             * cannot be written: accept its name, or the quoted character. */
            static const char *const names[] = {"punto y coma", "coma", "tab", "tabulador", NULL};
            static const char delims[] = {';', ',', '\t', '\t'};
            if (!strcmp(value, "auto")) {
                c->p->delimiter = 0;
                return 1;
            }
            if (!strcmp(value, "\";\"")) {
                c->p->delimiter = ';';
                return 1;
            }
            if (!strcmp(value, ",") || !strcmp(value, "\",\"")) {
                c->p->delimiter = ',';
                return 1;
            }
            int w = match_name(value, names);
            if (w == -2) return ini_oom(c);
            if (w < 0) return ini_fail(c, MSG_C_BAD_SEPARATOR, value);
            c->p->delimiter = delims[w];
            return 1;
        }
        case K_MODEL: {
            static const char *const names[] = {"lineal", "linear", "logit", "logistico", NULL};
            int w = match_name(value, names);
            if (w == -2) return ini_oom(c);
            if (w < 0) return ini_fail(c, MSG_C_BAD_MODEL, value);
            c->p->rules.projection_logit = w >= 2;
            return 1;
        }
        case K_METHOD: {
            static const char *const names[] = {"probabilidad", "ods", NULL};
            int w = match_name(value, names);
            if (w == -2) return ini_oom(c);
            if (w < 0) return ini_fail(c, MSG_C_BAD_METHOD, value);
            c->p->rules.progress_sdg = w == 1;
            return 1;
        }
        default: return ini_set_number(c, k, value);
        }
    }
    if (!section_known) return ini_fail(c, MSG_C_UNKNOWN_SECTION, section);
    char keys[512];
    keys_of_section(section, keys, sizeof keys);
    return ini_fail(c, MSG_C_UNKNOWN_KEY, name, section, keys);
}

/* inih's stream reader; counting lines here gives every handler call the
 * line it came from, which ini_parse() alone does not. */
static char *plan_ini_reader(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    char *r = fgets(str, num, c->fp);
    if (!r) return NULL;
    c->line++;
    size_t len = strlen(r);
    if (c->line == 1 && len >= 2 && (((unsigned char)r[0] == 0xFF && (unsigned char)r[1] == 0xFE) ||
                                     ((unsigned char)r[0] == 0xFE && (unsigned char)r[1] == 0xFF))) {
        ini_fail(c, "%s", MSG_C_UTF16);
        return NULL;
    }
    if (c->line == 1 && len >= 3 && !memcmp(r, "\xEF\xBB\xBF", 3)) {   /* UTF-8 BOM */
        memmove(r, r + 3, len - 2);
        len -= 3;
    }
    /* fgets stops at a newline, strlen at a NUL: a short line that does
     * not end the file or the line held a NUL byte (binary, UTF-16) */
    if (len + 1 < (size_t)num && (len == 0 || r[len - 1] != '\n') && !feof(c->fp)) {
        ini_fail(c, "%s", MSG_C_NUL);
        return NULL;
    }
    /* A line in Windows-1252 (an INI saved by an old editor) is decoded
     * like the plan's CSV files; UTF-8 stays as it is. */
    if (!text_utf8_valid(r, len)) {
        size_t olen;
        char *u = text_cp1252_to_utf8(r, len, &olen);
        if (!u) {
            ini_fail(c, MSG_C_BAD_BYTES, (unsigned)(unsigned char)r[text_utf8_invalid_at(r, len)]);
            return NULL;
        }
        if (olen + 1 > (size_t)num) {
            free(u);
            ini_fail(c, MSG_C_LINE_TOO_LONG, num - 2);
            return NULL;
        }
        memcpy(r, u, olen + 1);
        free(u);
        len = olen;
    }
    /* a section header seen before would silently merge two sections */
    const char *h = r;
    while (*h == ' ' || *h == '\t') h++;
    if (*h == '[' && !c->failed) {
        const char *e = strchr(h, ']');
        size_t hn = e ? (size_t)(e - h - 1) : 0;
        for (size_t i = 0; e && i < c->nsections; i++)
            if (strlen(c->sections[i]) == hn && !strncmp(c->sections[i], h + 1, hn)) {
                ini_fail(c, MSG_C_DUPLICATE_SECTION, c->sections[i], c->section_line[i]);
                return NULL;
            }
        if (e && hn < sizeof c->sections[0] && c->nsections < 32) {
            memcpy(c->sections[c->nsections], h + 1, hn);
            c->sections[c->nsections][hn] = '\0';
            c->section_line[c->nsections++] = c->line;
        }
    }
    if (len > 0 && r[len - 1] != '\n' && !feof(c->fp) && !c->too_long) {
        /* inih would silently split the line; say how to write it. */
        c->too_long = 1;
        ini_fail(c, MSG_C_LINE_TOO_LONG, num - 2);
    }
    c->continuation = r[0] == ' ' || r[0] == '\t';
    return r;
}

/* ---------------------------------------------------------- CSV tables */


static void cfg_table_fini(cfg_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->lines);
}

static const char *cell(const cfg_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

static int cfg_table_header(cfg_table *t, const csvread_record *r, tb_error *err)
{
    for (size_t j = 0; j < t->ncols; j++) t->colmap[j] = -1;
    for (size_t f = 0; f < r->n; f++) {
        char *key;
        if (fold(r->fields[f], &key))
            return tb_error_set(err, TB_EX_OSERR, t->path, r->line, (long)f + 1, "%s", MSG_C_OUT_OF_MEMORY);
        for (size_t j = 0; key && j < t->ncols; j++)
            if (t->colmap[j] < 0 && !strcmp(key, t->cols[j])) t->colmap[j] = (long)f;
        free(key);
    }
    for (size_t j = 0; j < t->nrequired; j++) {
        if (t->colmap[j] >= 0) continue;
        char all[256] = "";
        size_t used = 0;
        for (size_t k = 0; k < t->ncols; k++) {
            int n = snprintf(all + used, sizeof all - used, "%s%s", k ? ";" : "", t->cols[k]);
            if (n < 0 || (size_t)n >= sizeof all - used) break;
            used += (size_t)n;
        }
        return tb_error_set(err, TB_EX_CONFIG, t->path, r->line, 0, MSG_C_MISSING_COLUMN, t->cols[j], all);
    }
    t->have_header = 1;
    return 0;
}

static int cfg_table_row(const csvread_record *r, void *ud, tb_error *err)
{
    cfg_table *t = ud;
    if (t->hash_comments && r->n && r->fields[0][0] == '#') return 0;
    if (!t->have_header) return cfg_table_header(t, r, err);
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 32;
        char **nc = tb_reallocarray(t->cells, ncap * t->ncols, sizeof *nc);
        if (nc) t->cells = nc;
        long *nl = nc ? tb_reallocarray(t->lines, ncap, sizeof *nl) : NULL;
        if (nl) t->lines = nl;
        if (!nc || !nl) return tb_error_set(err, TB_EX_OSERR, t->path, r->line, 0, "%s", MSG_C_OUT_OF_MEMORY);
        t->cap = ncap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t j = 0; j < t->ncols; j++) {
        long f = t->colmap[j];
        const char *src = (f >= 0 && (size_t)f < r->n) ? r->fields[f] : "";
        row[j] = tb_strdup(src);
        if (!row[j]) {
            for (size_t k = 0; k < j; k++) free(row[k]);
            return tb_error_set(err, TB_EX_OSERR, t->path, r->line, 0, "%s", MSG_C_OUT_OF_MEMORY);
        }
        text_trim(row[j]);
    }
    t->lines[t->nrows++] = r->line;
    return 0;
}

static int oom(const char *path, tb_error *err)
{
    return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
}

/* Reads a config CSV whose header holds (in any order) the columns cols,
 * the first nrequired of them mandatory. */
static int cfg_table_load_ex(plan *p, cfg_table *t, const char *path,
                             const char *const *cols, size_t ncols,
                             size_t nrequired, int hash_comments, tb_error *err)
{
    TB_ASSERT(ncols <= CFG_MAX_COLS);
    memset(t, 0, sizeof *t);
    t->hash_comments = hash_comments;
    t->path = path;
    t->cols = cols;
    t->ncols = ncols;
    t->nrequired = nrequired;
    char *data = NULL;
    size_t len = 0;
    int cp1252 = 0;
    int rc = csvread_slurp(path, CFG_MAX_BYTES, &data, &len, err);
    if (rc) return rc == TB_EX_OSERR ? rc : (err->code = TB_EX_CONFIG);
    rc = csvread_decode(path, &data, &len, "auto", &cp1252, err);
    if (!rc) rc = csvread_parse(path, data, len, csvread_sniff_delim(data, len), cfg_table_row, t, err);
    free(data);
    if (rc) return rc == TB_EX_OSERR ? rc : (err->code = TB_EX_CONFIG);
    if (t->nrows == 0)
        return tb_error_set(err, TB_EX_CONFIG, path, t->have_header ? 2 : 1, 0, "%s", MSG_C_EMPTY_TABLE);
    plan_file *nf = tb_reallocarray(p->files, p->nfiles + 1, sizeof *nf);
    if (!nf) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    p->files = nf;
    nf[p->nfiles].path = tb_strdup(path);
    nf[p->nfiles].rows = t->nrows;
    if (!nf[p->nfiles].path) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    p->nfiles++;
    return 0;
}

static int cfg_table_load(plan *p, cfg_table *t, const char *path,
                          const char *const *cols, size_t ncols,
                          size_t nrequired, tb_error *err)
{
    return cfg_table_load_ex(p, t, path, cols, ncols, nrequired, 0, err);
}

/* cfg_table_load plus a zeroed array of nrows elements of size bytes for
 * the caller to fill (*rows; caller frees, also on failure). */
static int load_rows(plan *p, cfg_table *t, const char *path, const char *const *cols,
                     size_t ncols, size_t nrequired, size_t size, void **rows, tb_error *err)
{
    *rows = NULL;
    int rc = cfg_table_load(p, t, path, cols, ncols, nrequired, err);
    if (!rc && !(*rows = calloc(t->nrows, size)))
        rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    return rc;
}

static int require(const cfg_table *t, size_t row, size_t col, tb_error *err)
{
    if (cell(t, row, col)[0]) return 0;
    return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[col] + 1,
                        MSG_C_EMPTY_FIELD, t->cols[col]);
}

/* Moves a cell's string out of the table (the table no longer frees it). */
static char *take(cfg_table *t, size_t row, size_t col)
{
    char **slot = &t->cells[row * t->ncols + col];
    char *s = *slot;
    *slot = NULL;
    return s;
}

int plan_table_load(plan *p, cfg_table *t, const char *path, const char *const *cols,
                    size_t ncols, size_t nrequired, tb_error *err)
{
    return cfg_table_load(p, t, path, cols, ncols, nrequired, err);
}

int plan_table_load_notes(plan *p, cfg_table *t, const char *path, const char *const *cols,
                          size_t ncols, size_t nrequired, tb_error *err)
{
    return cfg_table_load_ex(p, t, path, cols, ncols, nrequired, 1, err);
}

void plan_table_fini(cfg_table *t)
{
    cfg_table_fini(t);
}

const char *plan_table_cell(const cfg_table *t, size_t row, size_t col)
{
    return cell(t, row, col);
}

char *plan_table_take(cfg_table *t, size_t row, size_t col)
{
    return take(t, row, col);
}

/* ------------------------------------------------------------ builders */

static int load_values(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"valor", "descripcion"};
    cfg_table t;
    void *rows;
    int rc = load_rows(p, &t, path, cols, 2, 2, sizeof *p->values, &rows, err);
    p->values = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, 0, err))) break;
        p->values[i].name = take(&t, i, 0);
        p->values[i].description = take(&t, i, 1);
        p->nvalues++;
    }
    cfg_table_fini(&t);
    return rc;
}

/* The lists' ids and names, folded once and hashed: the reference checks
 * used to fold both strings of every comparison, so a plan of n policies
 * cost n^2 folds (8,000 policies: 97 s). One table per list; entries are
 * added as the list grows (lists only grow while loading), and each
 * folded key maps to the first entry whose id or name folds to it, which
 * is what the linear search answered. */
typedef struct name_ix {
    char **key;      /* folded, owned; NULL: free slot */
    size_t *at;      /* entry index of each key */
    size_t cap;      /* a power of two, or 0 */
    size_t nkeys;
    size_t done;     /* entries indexed so far */
} name_ix;

enum { IX_AXES, IX_POLICIES, IX_DIMENSIONS, IX_SECRETARIATS, IX_COUNT };

struct plan_lookup {
    name_ix ix[IX_COUNT];
};

static void name_ix_fini(name_ix *x)
{
    for (size_t i = 0; i < x->cap; i++) free(x->key[i]);
    free(x->key);
    free(x->at);
    memset(x, 0, sizeof *x);
}

static size_t name_ix_slot(const name_ix *x, const char *k)
{
    size_t i = (size_t)tb_fnv1a(k, strlen(k)) & (x->cap - 1);
    while (x->key[i] && strcmp(x->key[i], k)) i = (i + 1) & (x->cap - 1);
    return i;
}

/* Adds folded key k (taken) for entry e unless an earlier entry has it.
 * Returns 0 or -1 (memory). */
static int name_ix_put(name_ix *x, char *k, size_t e)
{
    if (2 * (x->nkeys + 1) > x->cap) {
        name_ix old = *x;
        x->cap = old.cap ? old.cap * 2 : 64;
        x->key = calloc(x->cap, sizeof *x->key);
        x->at = calloc(x->cap, sizeof *x->at);
        if (!x->key || !x->at) {
            free(x->key);
            free(x->at);
            *x = old;
            free(k);
            return -1;
        }
        for (size_t i = 0; i < old.cap; i++)
            if (old.key[i]) {
                size_t s = name_ix_slot(x, old.key[i]);
                x->key[s] = old.key[i];
                x->at[s] = old.at[i];
            }
        free(old.key);
        free(old.at);
    }
    size_t s = name_ix_slot(x, k);
    if (x->key[s]) {
        free(k);   /* an earlier entry answers first */
        return 0;
    }
    x->key[s] = k;
    x->at[s] = e;
    x->nkeys++;
    return 0;
}

/* Row i's key (folded) against the rows before it, in x: 0 with *dup the
 * earlier row holding the same key or PLAN_NONE (the key is then added),
 * -1 when memory ran out. One fold per row: the duplicate checks were
 * quadratic in folds before. */
static int dup_check(name_ix *x, const char *key, size_t i, size_t *dup)
{
    char *f;
    *dup = PLAN_NONE;
    if (fold(key, &f)) return -1;
    if (!f) return 0;
    if (x->cap) {
        size_t s = name_ix_slot(x, f);
        if (x->key[s]) {
            *dup = x->at[s];
            free(f);
            return 0;
        }
    }
    return name_ix_put(x, f, i);
}

/* Row i's cell in column col must not repeat (folded) an earlier row's:
 * 0, or TB_EX_CONFIG naming this row and the earlier one's line, or an
 * out-of-memory error. The duplicate check every list shares. */
static int row_unique(name_ix *seen, const cfg_table *t, size_t i, size_t col, const char *path,
                      tb_error *err)
{
    size_t k;
    if (dup_check(seen, cell(t, i, col), i, &k)) return oom(path, err);
    if (k == PLAN_NONE) return 0;
    return tb_error_set(err, TB_EX_CONFIG, path, t->lines[i], t->colmap[col] + 1, MSG_C_DUPLICATE,
                        cell(t, i, col), t->lines[k]);
}

/* The network's municipalities: id;nombre[;provincia]. Names must be
 * unique (folded), as the data name municipalities by them. */
static int load_municipalities(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"id", "nombre", "provincia", "plan"};
    cfg_table t;
    name_ix seen = {0};   /* folded keys of the rows so far */
    void *rows;
    int rc = load_rows(p, &t, path, cols, 4, 2, sizeof *p->municipalities, &rows, err);
    p->municipalities = rows;
    if (!rc && !(p->municipalities_path = tb_strdup(path))) rc = oom(path, err);
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, 0, err)) || (rc = require(&t, i, 1, err))) break;
        if ((rc = row_unique(&seen, &t, i, 1, path, err))) break;
        plan_municipality *m = &p->municipalities[i];
        m->id = take(&t, i, 0);
        m->name = take(&t, i, 1);
        m->province = take(&t, i, 2);
        p->nmunicipalities++;
        if (!m->province) m->province = tb_strdup("");
        if (!m->province || fold(m->name, &m->key) || !m->key) rc = oom(path, err);
        /* its own plan: a folder like config/, relative to this file's
         * configuration (own.h) */
        if (!rc && cell(&t, i, 3)[0]) {
            char *ini = NULL;
            if (!(m->own_dir = join_path(p->config_dir, cell(&t, i, 3))) ||
                !(ini = join_path(m->own_dir, "tablero.ini")))
                rc = oom(path, err);
            else rc = plan_own_load(p, m, ini, path, t.lines[i], t.colmap[3] + 1, err);
            free(ini);
        }
    }
    name_ix_fini(&seen);
    cfg_table_fini(&t);
    return rc;
}

static int load_dimensions(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"id", "dimension"};
    cfg_table t;
    name_ix seen = {0};   /* folded keys of the rows so far */
    void *rows;
    int rc = load_rows(p, &t, path, cols, 2, 2, sizeof *p->dimensions, &rows, err);
    p->dimensions = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, 0, err)) || (rc = require(&t, i, 1, err))) break;
        if ((rc = row_unique(&seen, &t, i, 0, path, err))) break;
        p->dimensions[i].id = take(&t, i, 0);
        p->dimensions[i].name = take(&t, i, 1);
        p->ndimensions++;
    }
    name_ix_fini(&seen);
    cfg_table_fini(&t);
    return rc;
}

static int load_axes(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"id", "eje", "descripcion"};
    cfg_table t;
    name_ix seen = {0};   /* folded keys of the rows so far */
    void *rows;
    int rc = load_rows(p, &t, path, cols, 3, 2, sizeof *p->axes, &rows, err);
    p->axes = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, 0, err)) || (rc = require(&t, i, 1, err))) break;
        if ((rc = row_unique(&seen, &t, i, 0, path, err))) break;
        p->axes[i].id = take(&t, i, 0);
        p->axes[i].name = take(&t, i, 1);
        p->axes[i].description = take(&t, i, 2);
        p->naxes++;
    }
    name_ix_fini(&seen);
    cfg_table_fini(&t);
    return rc;
}

/* Finds by id or by name (folded): returns 0 with *out the index or
 * PLAN_NONE when absent, or -1 when memory ran out. */
/* Indexes entries [x->done, n) of a list given its id and name getters. */
#define IX_CATCH_UP(x, arr, n, idf, namef)                                     \
    do {                                                                       \
        for (; (x)->done < (n); (x)->done++) {                                 \
            const char *s_[2] = {(arr)[(x)->done].idf, (arr)[(x)->done].namef}; \
            for (int k_ = 0; k_ < 2; k_++) {                                   \
                char *f_;                                                      \
                if (!s_[k_]) continue;                                         \
                if (fold(s_[k_], &f_)) return -1;                              \
                if (f_ && name_ix_put((x), f_, (x)->done)) return -1;          \
            }                                                                  \
        }                                                                      \
    } while (0)

static name_ix *lookup_ix(const plan *p, int which)
{
    plan *mp = (plan *)p;   /* the index is a cache: logically const */
    if (!mp->lookup) mp->lookup = calloc(1, sizeof *mp->lookup);
    return mp->lookup ? &mp->lookup->ix[which] : NULL;
}

/* *out = the first entry whose id or name folds like key, or PLAN_NONE.
 * Returns 0 or -1 (memory). */
static int ix_find(name_ix *x, const char *key, size_t *out)
{
    *out = PLAN_NONE;
    if (!x->cap) return 0;
    char *f;
    if (fold(key, &f)) return -1;
    if (!f) return 0;
    size_t s = name_ix_slot(x, f);
    free(f);
    if (x->key[s]) *out = x->at[s];
    return 0;
}

#define FIND_BY(which, arr, n, idf, namef, key, out)                           \
    do {                                                                       \
        name_ix *x_ = lookup_ix(p, (which));                                   \
        if (!x_) return -1;                                                    \
        IX_CATCH_UP(x_, arr, n, idf, namef);                                   \
        return ix_find(x_, (key), (out));                                      \
    } while (0)

static int find_axis(const plan *p, const char *k, size_t *out)
{
    FIND_BY(IX_AXES, p->axes, p->naxes, id, name, k, out);
}
static int find_policy(const plan *p, const char *k, size_t *out)
{
    FIND_BY(IX_POLICIES, p->policies, p->npolicies, id, name, k, out);
}
static int find_dimension(const plan *p, const char *k, size_t *out)
{
    FIND_BY(IX_DIMENSIONS, p->dimensions, p->ndimensions, id, name, k, out);
}
static int find_secretariat(const plan *p, const char *k, size_t *out)
{
    FIND_BY(IX_SECRETARIATS, p->secretariats, p->nsecretariats, id, name, k, out);
}

static int unknown_ref(const cfg_table *t, size_t row, size_t col, const char *what,
                       const char *where, tb_error *err)
{
    return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[col] + 1,
                        MSG_C_UNKNOWN_REF, what, cell(t, row, col), where);
}

static int load_policies(plan *p, const char *path, const char *axes_path, tb_error *err)
{
    static const char *const cols[] = {"id", "eje", "politica"};
    cfg_table t;
    void *rows;
    int rc = load_rows(p, &t, path, cols, 3, 3, sizeof *p->policies, &rows, err);
    p->policies = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        for (size_t c = 0; c < 3 && !rc; c++) rc = require(&t, i, c, err);
        if (rc) break;
        size_t a, dup;
        if (find_axis(p, cell(&t, i, 1), &a) || find_policy(p, cell(&t, i, 0), &dup)) {
            rc = oom(path, err);
            break;
        }
        if (a == PLAN_NONE) {
            rc = unknown_ref(&t, i, 1, MSG_C_REF_AXIS, axes_path, err);
            break;
        }
        if (dup != PLAN_NONE) {
            /* policies are rows in order: the earlier one is row dup */
            rc = tb_error_set(err, TB_EX_CONFIG, path, t.lines[i], 1, MSG_C_DUPLICATE, cell(&t, i, 0),
                              t.lines[dup]);
            break;
        }
        p->policies[i].id = take(&t, i, 0);
        p->policies[i].name = take(&t, i, 2);
        p->policies[i].axis = a;
        p->npolicies++;
    }
    cfg_table_fini(&t);
    return rc;
}

/* Appends s to a string array; takes ownership of s. */
static int push_str(char ***arr, size_t *n, char *s)
{
    char **na = tb_reallocarray(*arr, *n + 1, sizeof *na);
    if (!na) {
        free(s);
        return -1;
    }
    *arr = na;
    na[(*n)++] = s;
    return 0;
}

static int load_secretariats(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"id", "secretaria", "programa"};
    cfg_table t;
    void *rows;
    int rc = load_rows(p, &t, path, cols, 3, 2, sizeof *p->secretariats, &rows, err);
    p->secretariats = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, 0, err)) || (rc = require(&t, i, 1, err))) break;
        size_t s;
        if (find_secretariat(p, cell(&t, i, 0), &s)) {
            rc = oom(path, err);
            break;
        }
        if (s == PLAN_NONE) {
            s = p->nsecretariats++;
            p->secretariats[s].id = take(&t, i, 0);
            p->secretariats[s].name = take(&t, i, 1);
        }
        if (cell(&t, i, 2) && cell(&t, i, 2)[0] &&
            push_str(&p->secretariats[s].programs, &p->secretariats[s].nprograms, take(&t, i, 2)))
            rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    }
    cfg_table_fini(&t);
    return rc;
}

static int load_objectives(plan *p, const char *path, tb_error *err)
{
    static const char *const cols[] = {"id", "objetivo", "subobjetivo"};
    cfg_table t;
    void *rows;
    int rc = load_rows(p, &t, path, cols, 3, 3, sizeof *p->objectives, &rows, err);
    p->objectives = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        for (size_t c = 0; c < 3 && !rc; c++) rc = require(&t, i, c, err);
        if (rc) break;
        /* "1.2" is sub-objective 2 of objective "1". */
        const char *id = cell(&t, i, 0);
        const char *dot = strchr(id, '.');
        char *obj_id = tb_strndup(id, dot ? (size_t)(dot - id) : strlen(id));
        if (!obj_id) {
            rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
            break;
        }
        size_t o = PLAN_NONE;
        for (size_t k = 0; k < p->nobjectives; k++)
            if (!strcmp(p->objectives[k].id, obj_id)) o = k;
        if (o == PLAN_NONE) {
            o = p->nobjectives++;
            p->objectives[o].id = obj_id;
            p->objectives[o].name = take(&t, i, 1);
        } else {
            free(obj_id);
        }
        plan_objective *ob = &p->objectives[o];
        for (size_t k = 0; k < ob->nsubs; k++)
            if (!strcmp(ob->subs[k].id, id))
                rc = tb_error_set(err, TB_EX_CONFIG, path, t.lines[i], 1, MSG_C_DUPLICATE_HERE, id);
        if (rc) break;
        plan_subobjective *ns = tb_reallocarray(ob->subs, ob->nsubs + 1, sizeof *ns);
        if (!ns) {
            rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
            break;
        }
        ob->subs = ns;
        ns[ob->nsubs].id = take(&t, i, 0);
        ns[ob->nsubs].text = take(&t, i, 2);
        ob->nsubs++;
    }
    cfg_table_fini(&t);
    return rc;
}

/* Resolves "1.2" (or "1") to objective and sub-objective indices.
 * Returns 0, 1 when key names none, -1 when memory ran out. */
static int find_subobjective(const plan *p, const char *key, size_t *o, size_t *s)
{
    for (size_t i = 0; i < p->nobjectives; i++) {
        int same = !strcmp(p->objectives[i].id, key) ? 1 : same_name(p->objectives[i].name, key);
        if (same < 0) return -1;
        if (same) {
            *o = i;
            *s = PLAN_NONE;
            return 0;
        }
        for (size_t k = 0; k < p->objectives[i].nsubs; k++)
            if (!strcmp(p->objectives[i].subs[k].id, key)) {
                *o = i;
                *s = k;
                return 0;
            }
    }
    return 1;
}

enum { IC_AREA, IC_AXIS, IC_POLICY, IC_OBJECTIVE, IC_DIMENSION, IC_SECRETARIAT,
       IC_TARGET, IC_TARGET_YEAR, IC_DIRECTION, IC_WEIGHT, IC_ALIAS, IC_BAND_MIN,
       IC_BAND_MAX, IC_N };

/* Checks that no folded name or alias names two indicators. */
static int check_key_clash(const plan *p, const cfg_table *t, size_t row, const char *key,
                           const char *shown, tb_error *err)
{
    for (size_t i = 0; i < p->nindicators; i++) {
        const plan_indicator *ind = &p->indicators[i];
        for (size_t k = 0; k < 1 + ind->naliases; k++)
            if (!strcmp(ind->keys[k], key))
                return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], 0,
                                    MSG_C_ALIAS_CLASH, shown, ind->src_line);
    }
    return 0;
}

static int indicator_names(plan *p, plan_indicator *ind, cfg_table *t, size_t row, tb_error *err)
{
    const char *path = t->path;
    ind->name = take(t, row, IC_AREA);
    const char *aliases = cell(t, row, IC_ALIAS);
    /* Aliases are '|'-separated so that ';' stays the column separator. */
    for (const char *s = aliases; s && *s;) {
        const char *e = strchr(s, '|');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char *a = tb_strndup(s, len);
        if (!a || push_str(&ind->aliases, &ind->naliases, text_trim(a)))
            return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
        if (!ind->aliases[ind->naliases - 1][0]) free(ind->aliases[--ind->naliases]);
        s += len;
        if (*s == '|') s++;
    }
    ind->keys = calloc(1 + ind->naliases, sizeof *ind->keys);
    if (!ind->keys) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    for (size_t k = 0; k < 1 + ind->naliases; k++) {
        const char *shown = k ? ind->aliases[k - 1] : ind->name;
        ind->keys[k] = text_fold(shown);
        if (!ind->keys[k]) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
        int rc = check_key_clash(p, t, row, ind->keys[k], shown, err);
        /* An alias that folds to the indicator's own name is redundant,
         * not wrong: spreadsheets copy names with their punctuation. */
        if (rc) return rc;
    }
    return 0;
}

static int indicator_links(const plan *p, plan_indicator *ind, const cfg_table *t, size_t row,
                           const list_files *lf, tb_error *err)
{
    ind->policy = ind->objective = ind->subobjective = ind->dimension = ind->secretariat = PLAN_NONE;
    if (find_axis(p, cell(t, row, IC_AXIS), &ind->axis)) return oom(t->path, err);
    if (ind->axis == PLAN_NONE) return unknown_ref(t, row, IC_AXIS, MSG_C_REF_AXIS, lf->axes, err);
    if (cell(t, row, IC_POLICY)[0]) {
        if (find_policy(p, cell(t, row, IC_POLICY), &ind->policy)) return oom(t->path, err);
        if (ind->policy == PLAN_NONE) return unknown_ref(t, row, IC_POLICY, MSG_C_REF_POLICY, lf->policies, err);
        if (p->policies[ind->policy].axis != ind->axis)
            return unknown_ref(t, row, IC_POLICY, MSG_C_REF_POLICY_AXIS, lf->axes, err);
    }
    if (cell(t, row, IC_OBJECTIVE)[0]) {
        int rc = find_subobjective(p, cell(t, row, IC_OBJECTIVE), &ind->objective, &ind->subobjective);
        if (rc < 0) return oom(t->path, err);
        if (rc) return unknown_ref(t, row, IC_OBJECTIVE, MSG_C_REF_OBJECTIVE, lf->objectives, err);
    }
    if (cell(t, row, IC_DIMENSION)[0]) {
        if (find_dimension(p, cell(t, row, IC_DIMENSION), &ind->dimension)) return oom(t->path, err);
        if (ind->dimension == PLAN_NONE)
            return unknown_ref(t, row, IC_DIMENSION, MSG_C_REF_DIMENSION, lf->dimensions, err);
    }
    if (cell(t, row, IC_SECRETARIAT)[0]) {
        if (find_secretariat(p, cell(t, row, IC_SECRETARIAT), &ind->secretariat)) return oom(t->path, err);
        if (ind->secretariat == PLAN_NONE)
            return unknown_ref(t, row, IC_SECRETARIAT, MSG_C_REF_SECRETARIAT, lf->secretariats, err);
    }
    return 0;
}

static int num_cell(const cfg_table *t, size_t row, size_t col, double lo, double hi,
                    int integral, const char *expect, double *out, tb_error *err)
{
    const char *s = cell(t, row, col);
    double v;
    if (cfg_parse_double(s, &v))
        return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[col] + 1,
                            MSG_C_BAD_NUMBER, s, t->cols[col], expect);
    if (v < lo || v > hi || (integral && v != floor(v)))
        return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[col] + 1,
                            MSG_C_BAD_RANGE, s, t->cols[col], expect);
    *out = v;
    return 0;
}

static int indicator_numbers(const plan *p, plan_indicator *ind, const cfg_table *t,
                             size_t row, tb_error *err)
{
    double v;
    int rc;
    ind->target = p->default_target;
    ind->target_year = p->default_target_year;
    ind->target_is_default = 1;
    if (cell(t, row, IC_TARGET)[0]) {
        if ((rc = num_cell(t, row, IC_TARGET, p->rules.value_min, p->rules.value_max, 0,
                           MSG_C_EXPECT_PERCENT, &v, err)))
            return rc;
        ind->target = v;
        ind->target_is_default = 0;
    }
    if (cell(t, row, IC_TARGET_YEAR)[0]) {
        if ((rc = num_cell(t, row, IC_TARGET_YEAR, 1900, 2200, 1, MSG_C_EXPECT_YEAR, &v, err)))
            return rc;
        ind->target_year = (int)v;
        ind->target_is_default = 0;
    }
    ind->weight = 1.0;
    if (cell(t, row, IC_WEIGHT)[0]) {
        if ((rc = num_cell(t, row, IC_WEIGHT, 1e-9, 1e9, 0, MSG_C_EXPECT_POSITIVE, &v, err)))
            return rc;
        ind->weight = v;
    }
    static const char *const dirs[] = {"mayor", "higher", "menor", "lower", "mantener", "maintain", NULL};
    const char *dir = cell(t, row, IC_DIRECTION);
    ind->band_min = ind->band_max = NAN;
    int w = dir[0] ? match_name(dir, dirs) : 0;
    if (w == -2) return oom(t->path, err);
    if (w == -1)
        return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[IC_DIRECTION] + 1,
                            MSG_C_BAD_DIRECTION, dir);
    ind->higher_is_better = w < 2 || w >= 4;
    ind->maintain = w >= 4;
    int has_lo = cell(t, row, IC_BAND_MIN)[0] != 0, has_hi = cell(t, row, IC_BAND_MAX)[0] != 0;
    if (!ind->maintain) return 0;
    /* Without a band of its own, the band is the target ± banda_mantener. */
    ind->band_min = ind->target - p->rules.maintain_band;
    ind->band_max = ind->target + p->rules.maintain_band;
    if (has_lo) {
        if ((rc = num_cell(t, row, IC_BAND_MIN, p->rules.value_min, p->rules.value_max, 0,
                           MSG_C_EXPECT_PERCENT, &v, err)))
            return rc;
        ind->band_min = v;
    }
    if (has_hi) {
        if ((rc = num_cell(t, row, IC_BAND_MAX, p->rules.value_min, p->rules.value_max, 0,
                           MSG_C_EXPECT_PERCENT, &v, err)))
            return rc;
        ind->band_max = v;
    }
    if (ind->band_min > ind->band_max)
        return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], t->colmap[IC_BAND_MIN] + 1,
                            MSG_C_BAD_BAND, ind->band_min, ind->band_max);
    return 0;
}

static int load_indicators(plan *p, const char *path, const list_files *lf, tb_error *err)
{
    static const char *const cols[IC_N] = {"area", "eje", "politica", "objetivo", "dimension",
                                           "secretaria", "meta", "anio meta", "sentido",
                                           "peso", "alias", "banda min", "banda max"};
    cfg_table t;
    void *rows;
    int rc = load_rows(p, &t, path, cols, IC_N, 2, sizeof *p->indicators, &rows, err);
    p->indicators = rows;
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        if ((rc = require(&t, i, IC_AREA, err)) || (rc = require(&t, i, IC_AXIS, err))) break;
        plan_indicator *ind = &p->indicators[p->nindicators];
        ind->src_line = t.lines[i];
        rc = indicator_links(p, ind, &t, i, lf, err);
        if (!rc) rc = indicator_numbers(p, ind, &t, i, err);
        if (!rc) rc = indicator_names(p, ind, &t, i, err);
        /* Counted even on failure so that plan_fini frees what was set. */
        p->nindicators++;
    }
    cfg_table_fini(&t);
    return rc;
}

/* ---------------------------------------------------------------- load */

void plan_scores_defaults(plan_scores *s)
{
    static const double status[PLAN_NSTATUS] = {0.0, 0.25, 0.5, 0.75, 1.0, 0.5, 0.5, 0.6};
    s->w_weight = 0.4;
    s->w_gap = 0.6;
    s->gap_ref = 30.0;
    s->unknown_gap = 0.5;
    s->importance_threshold = 0.5;
    s->w_status = 0.4;
    s->w_decline = 0.2;
    s->w_deadline = 0.2;
    s->w_age = 0.2;
    memcpy(s->status, status, sizeof status);
    s->decline_ref = 10.0;
    s->deadline_horizon = 10.0;
    s->age_ref = 4.0;
    s->urgency_threshold = 0.5;
}

static void plan_defaults(plan *p)
{
    p->default_target = 80.0;
    p->default_target_year = 2027;
    p->max_input_bytes = 128u * 1024u * 1024u;
    p->rules.min_points_interval = 3;
    p->rules.max_interval_width = 50.0;
    p->rules.stale_years = 2;
    p->rules.reach_horizon_years = 25;
    p->rules.confidence = 0.95;
    p->rules.value_min = 0.0;
    p->rules.value_max = 100.0;
    p->rules.year_min = 1990;
    p->rules.year_max = 2100;
    p->rules.target_tolerance = 0.0;
    p->rules.maintain_band = 5.0;
    p->rules.projection_logit = 0;
    p->rules.progress_sdg = 0;
    p->rules.min_years_trend = 4;
    p->rules.window_years = 6;
    p->rules.p_on_track = 0.8;
    p->rules.p_off_track = 0.2;
    p->rules.min_sd = 1.0;
    p->rules.calib_min_checks = 300;
    plan_scores_defaults(&p->scores);
}

static int require_ini(const plan *p, const char *v, const char *section, const char *key,
                       tb_error *err)
{
    if (v && v[0]) return 0;
    return tb_error_set(err, TB_EX_CONFIG, p->config_path, 0, 0, MSG_C_MISSING_KEY, key, section);
}

/* The line where [section] key was set, or 0 (the default). */
static long key_line(const ini_ctx *c, const char *section, const char *key)
{
    for (size_t i = 0; i < N_INI_KEYS; i++)
        if (!strcmp(INI_KEYS[i].section, section) && !strcmp(INI_KEYS[i].name, key))
            return c->key_line[i];
    return 0;
}

static int load_ini(plan *p, list_files *lf, tb_error *err)
{
    /* never fopen: a FIFO in its place would block the run forever; a
     * folder or a pipe is refused with what it is */
    tb_error oe;
    tb_error_clear(&oe);
    int fd = csvread_open_input(p->config_path, &oe);
    if (fd < 0 && -fd == TB_EX_OSERR) return oom(p->config_path, err);
    /* a folder (IOERR) or a pipe: say what it is; else it cannot be opened */
    int what = fd < 0 && (-fd == TB_EX_IOERR || !strcmp(oe.msg, MSG_CSV_NOT_REGULAR));
    if (fd < 0)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, 0, 0, "%s",
                            what ? oe.msg : MSG_C_CANNOT_OPEN);
    FILE *fp = fdopen(fd, "r");
    if (!fp) {
        close(fd);
        return oom(p->config_path, err);
    }
    ini_ctx c = {.p = p, .lf = lf, .fp = fp, .err = err, .path = p->config_path};
    int r = ini_parse_stream(plan_ini_reader, &c, plan_ini_handler, &c);
    fclose(fp);
    if (c.failed) return err->code;
    if (r == -2) return tb_error_set(err, TB_EX_OSERR, p->config_path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    if (r != 0) return tb_error_set(err, TB_EX_CONFIG, p->config_path, r, 0, "%s", MSG_C_INI_SYNTAX);
    plan_file *f = calloc(1, sizeof *f);
    if (!f || !(f->path = tb_strdup(p->config_path))) {
        free(f);
        return tb_error_set(err, TB_EX_OSERR, p->config_path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    }
    f->rows = (size_t)c.line;
    p->files = f;
    p->nfiles = 1;
    if (p->rules.value_min >= p->rules.value_max)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, key_line(&c, "reglas", "valor_maximo"), 0, MSG_C_INVERTED,
                            "valor_minimo", "valor_maximo");
    if (p->scores.w_weight + p->scores.w_gap <= 0)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, 0, 0, MSG_C_ZERO_WEIGHTS, "importancia");
    if (p->scores.w_status + p->scores.w_decline + p->scores.w_deadline + p->scores.w_age <= 0)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, 0, 0, MSG_C_ZERO_WEIGHTS, "urgencia");
    if (p->rules.year_min >= p->rules.year_max)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, 0, 0, MSG_C_INVERTED,
                            "anio_minimo", "anio_maximo");
    /* the default target is a value and a year like any other */
    if (!(p->default_target >= p->rules.value_min && p->default_target <= p->rules.value_max))
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, key_line(&c, "metas", "meta"), 0,
                            MSG_C_TARGET_OUT, p->default_target, p->rules.value_min, p->rules.value_max);
    if (p->default_target_year < p->rules.year_min || p->default_target_year > p->rules.year_max)
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, key_line(&c, "metas", "anio_meta"), 0,
                            MSG_C_TARGET_YEAR_OUT, p->default_target_year, p->rules.year_min,
                            p->rules.year_max);
    if (p->output_dir && !p->output_dir[0])
        return tb_error_set(err, TB_EX_CONFIG, p->config_path, key_line(&c, "salida", "carpeta"), 0,
                            "%s", MSG_C_EMPTY_OUTPUT);
    plan_rules_tabulate_t(&p->rules);
    const struct { const char *v, *s, *k; } req[] = {
        {p->city, "municipio", "nombre"},       {p->mission, "plan", "mision"},
        {p->vision, "plan", "vision"},          {lf->values, "plan", "valores"},
        {lf->objectives, "plan", "objetivos"},  {lf->dimensions, "plan", "dimensiones"},
        {lf->axes, "plan", "ejes"},             {lf->policies, "plan", "politicas"},
        {lf->secretariats, "plan", "secretarias"}, {lf->indicators, "plan", "indicadores"},
    };
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
        int rc = require_ini(p, req[i].v, req[i].s, req[i].k, err);
        if (rc) return rc;
    }
    return 0;
}

void plan_rules_tabulate_t(plan_rules *r)
{
    r->t_quant[0] = NAN;
    for (int d = 1; d <= PLAN_T_DOF; d++)
        r->t_quant[d] = gsl_cdf_tdist_Pinv(1.0 - (1.0 - r->confidence) / 2.0, (double)d);
    r->t_conf = r->confidence;
}

static int fill_optional(plan *p)
{
    struct { char **slot; const char *def; } opt[] = {
        {&p->title, "Informe mensual de gestión"}, {&p->author, ""}, {&p->province, ""},
        {&p->country, ""}, {&p->term_label, ""}, {&p->encoding, "auto"},
    };
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++)
        if (!*opt[i].slot && !(*opt[i].slot = tb_strdup(opt[i].def))) return -1;
    char *out = join_path(p->config_dir, p->output_dir ? p->output_dir : "../output");
    if (!out) return -1;
    free(p->output_dir);
    p->output_dir = out;
    return 0;
}

/* Resolves every list-file name against the config folder, in place. */
static int resolve_lists(const plan *p, list_files *lf)
{
    char **all[] = {&lf->values, &lf->objectives, &lf->dimensions, &lf->axes,
                    &lf->policies, &lf->secretariats, &lf->indicators};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char *full = join_path(p->config_dir, *all[i]);
        if (!full) return -1;
        free(*all[i]);
        *all[i] = full;
    }
    char **opt[] = {&lf->municipalities, &lf->comments};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        if (!*opt[i]) continue;
        char *full = join_path(p->config_dir, *opt[i]);
        if (!full) return -1;
        free(*opt[i]);
        *opt[i] = full;
    }
    return 0;
}

static void list_files_fini(list_files *lf)
{
    free(lf->municipalities);
    free(lf->comments);
    free(lf->values);
    free(lf->objectives);
    free(lf->dimensions);
    free(lf->axes);
    free(lf->policies);
    free(lf->secretariats);
    free(lf->indicators);
}

static int plan_load_ex(plan *p, const char *ini_path, int own, tb_error *err)
{
    memset(p, 0, sizeof *p);
    plan_defaults(p);
    p->config_path = tb_strdup(ini_path);
    const char *slash = strrchr(ini_path, '/');
    p->config_dir = slash ? tb_strndup(ini_path, (size_t)(slash - ini_path) + (slash == ini_path))
                          : tb_strdup(".");
    if (!p->config_path || !p->config_dir)
        return tb_error_set(err, TB_EX_OSERR, ini_path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    list_files lf = {0};
    int rc = load_ini(p, &lf, err);
    if (!rc && (fill_optional(p) || resolve_lists(p, &lf)))
        rc = tb_error_set(err, TB_EX_OSERR, ini_path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    if (!rc) rc = load_values(p, lf.values, err);
    if (!rc) rc = load_objectives(p, lf.objectives, err);
    if (!rc) rc = load_dimensions(p, lf.dimensions, err);
    if (!rc) rc = load_axes(p, lf.axes, err);
    if (!rc) rc = load_policies(p, lf.policies, lf.axes, err);
    if (!rc) rc = load_secretariats(p, lf.secretariats, err);
    if (!rc) rc = load_indicators(p, lf.indicators, &lf, err);
    if (!rc && !(p->indicators_path = tb_strdup(lf.indicators))) rc = oom(ini_path, err);
    if (!rc && own && lf.municipalities)
        rc = tb_error_set(err, TB_EX_CONFIG, ini_path, 0, 0, "%s", MSG_C_OWN_NESTED);
    if (!rc && lf.municipalities) rc = load_municipalities(p, lf.municipalities, err);
    /* after the indicators: each comment names one */
    if (!rc && lf.comments) rc = plan_comments_load(p, lf.comments, err);
    list_files_fini(&lf);
    return rc;
}

int plan_load(plan *p, const char *ini_path, tb_error *err)
{
    return plan_load_ex(p, ini_path, 0, err);
}

int plan_load_own(plan *p, const char *ini_path, tb_error *err)
{
    return plan_load_ex(p, ini_path, 1, err);
}

void plan_fini(plan *p)
{
    if (p->lookup)
        for (int i = 0; i < IX_COUNT; i++) name_ix_fini(&p->lookup->ix[i]);
    free(p->lookup);
    p->lookup = NULL;
    char *strs[] = {p->config_path, p->config_dir, p->city, p->province, p->country,
                    p->title, p->author, p->mission, p->vision, p->term_label,
                    p->output_dir, p->encoding, p->sheets};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) free(strs[i]);
    for (size_t i = 0; i < p->nvalues; i++) {
        free(p->values[i].name);
        free(p->values[i].description);
    }
    free(p->values);
    for (size_t i = 0; i < p->nmunicipalities; i++) {
        free(p->municipalities[i].id);
        free(p->municipalities[i].name);
        free(p->municipalities[i].province);
        free(p->municipalities[i].key);
        free(p->municipalities[i].own_dir);
        if (p->municipalities[i].own) plan_fini(p->municipalities[i].own);
        free(p->municipalities[i].own);
    }
    free(p->municipalities);
    free(p->municipalities_path);
    free(p->indicators_path);
    free(p->plan_note);
    for (size_t i = 0; i < p->nobjectives; i++) {
        for (size_t k = 0; k < p->objectives[i].nsubs; k++) {
            free(p->objectives[i].subs[k].id);
            free(p->objectives[i].subs[k].text);
        }
        free(p->objectives[i].subs);
        free(p->objectives[i].id);
        free(p->objectives[i].name);
    }
    free(p->objectives);
    for (size_t i = 0; i < p->ndimensions; i++) {
        free(p->dimensions[i].id);
        free(p->dimensions[i].name);
    }
    free(p->dimensions);
    for (size_t i = 0; i < p->naxes; i++) {
        free(p->axes[i].id);
        free(p->axes[i].name);
        free(p->axes[i].description);
    }
    free(p->axes);
    for (size_t i = 0; i < p->npolicies; i++) {
        free(p->policies[i].id);
        free(p->policies[i].name);
    }
    free(p->policies);
    for (size_t i = 0; i < p->nsecretariats; i++) {
        for (size_t k = 0; k < p->secretariats[i].nprograms; k++) free(p->secretariats[i].programs[k]);
        free(p->secretariats[i].programs);
        free(p->secretariats[i].id);
        free(p->secretariats[i].name);
    }
    free(p->secretariats);
    for (size_t i = 0; i < p->nindicators; i++) {
        plan_indicator *ind = &p->indicators[i];
        free(ind->name);
        for (size_t k = 0; k < ind->naliases; k++) free(ind->aliases[k]);
        if (ind->keys)
            for (size_t k = 0; k < 1 + ind->naliases; k++) free(ind->keys[k]);
        free(ind->aliases);
        free(ind->keys);
    }
    free(p->indicators);
    plan_comments_free(p->comments, p->ncomments);
    free(p->comments_path);
    for (size_t i = 0; i < p->ninputs; i++) free(p->inputs[i]);
    free(p->inputs);
    for (size_t i = 0; i < p->nfiles; i++) free(p->files[i].path);
    free(p->files);
    memset(p, 0, sizeof *p);
}

int plan_find_indicator_ex(const plan *p, const char *area, size_t *out)
{
    *out = PLAN_NONE;
    char *key;
    if (fold(area, &key)) return TB_EX_OSERR;
    for (size_t i = 0; key && i < p->nindicators && *out == PLAN_NONE; i++) {
        const plan_indicator *ind = &p->indicators[i];
        for (size_t k = 0; k < 1 + ind->naliases; k++)
            if (!strcmp(ind->keys[k], key)) *out = i;
    }
    free(key);
    return 0;
}

size_t plan_find_indicator(const plan *p, const char *area)
{
    size_t i;
    return plan_find_indicator_ex(p, area, &i) ? PLAN_NONE : i;
}

/* plan_suggest_indicator on an already folded key. */
static const char *plan_suggest_folded(const plan *p, const char *key)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < p->nindicators; i++) {
        const plan_indicator *ind = &p->indicators[i];
        for (size_t k = 0; k < 1 + ind->naliases; k++) {
            size_t d = text_edit_distance(key, ind->keys[k]);
            if (d < best_d) {
                best_d = d;
                best = k ? ind->aliases[k - 1] : ind->name;
            }
        }
    }
    /* A typo is a few edits; allow about a third of the name, at least 2,
     * so that "Movilida urbana" finds "Movilidad Urbana" but "Turismo"
     * does not find "Biodiversidad". */
    size_t len = strlen(key);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    return best_d <= limit ? best : NULL;
}

int plan_suggest_indicator_ex(const plan *p, const char *area, const char **out)
{
    *out = NULL;
    char *key;
    if (fold(area, &key)) return TB_EX_OSERR;
    if (!key) return 0;
    *out = plan_suggest_folded(p, key);
    free(key);
    return 0;
}

const char *plan_suggest_indicator(const plan *p, const char *area)
{
    const char *best;
    return plan_suggest_indicator_ex(p, area, &best) ? NULL : best;
}


int plan_find_municipality(const plan *p, const char *name, const plan_municipality **out)
{
    *out = NULL;
    if (!p->nmunicipalities) return 0;
    char *key;
    if (fold(name, &key)) return TB_EX_OSERR;
    for (size_t i = 0; key && i < p->nmunicipalities; i++)
        if (!strcmp(key, p->municipalities[i].key)) *out = &p->municipalities[i];
    free(key);
    return 0;
}

int plan_suggest_municipality(const plan *p, const char *name, const char **out)
{
    *out = NULL;
    char *key;
    if (fold(name, &key)) return TB_EX_OSERR;
    if (!key) return 0;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < p->nmunicipalities; i++) {
        size_t d = text_edit_distance(key, p->municipalities[i].key);
        if (d < best_d) {
            best_d = d;
            *out = p->municipalities[i].name;
        }
    }
    /* the same "a third of the name, at least 2" as for areas */
    size_t len = strlen(key);
    if (best_d > (len / 3 > 2 ? len / 3 : 2)) *out = NULL;
    free(key);
    return 0;
}

size_t plan_count_subobjectives(const plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nobjectives; i++) n += p->objectives[i].nsubs;
    return n;
}

size_t plan_count_programs(const plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsecretariats; i++) n += p->secretariats[i].nprograms;
    return n;
}
