/* catalog.h - the one list of what a period publishes: every output's
 * kind, file name and renderer, per municipality (one per secretariat for
 * the operational report) and for the network. Single-city and network
 * runs, every worker and every shard stage files from this list, in its
 * order, so the same run always publishes the same names in the same
 * order (the manifest's order). */
#ifndef TABLERO_CATALOG_H
#define TABLERO_CATALOG_H

#include <stddef.h>

#include "common.h"
#include "outfile.h"
#include "results.h"

/* Report kinds (--informes): bits of a mask. */
enum {
    CATALOG_GESTION = 1,       /* informe-gestion */
    CATALOG_ESTRATEGICO = 2,   /* informe-estrategico */
    CATALOG_OPERATIVO = 4,     /* informe-operativo-<secretaria> */
    CATALOG_CIUDADANO = 8,     /* resumen-ciudadano */
    CATALOG_DATOS = 16,        /* metricas CSV/JSON, rollups, novedades */
    CATALOG_ALL = 31
};

/* "gestion,estrategico,operativo,ciudadano,datos" (any subset, "todos")
 * to a CATALOG_* mask. Returns 0, or -1 on an unknown or empty word. Pure. */
int catalog_parse_kinds(const char *list, unsigned *kinds);

/* The canonical words of a mask ("todos", or "gestion,datos" in the
 * order of the bits), for the manifest of a --shard part. cap >= 64. */
void catalog_kinds_str(unsigned kinds, char *buf, size_t cap);

/* The name of the metrics JSON of a period ("metricas-2026-11.json"), which
 * the next period reads back (publish/previous.h). cap >= 32. */
void catalog_metrics_json_name(char *buf, size_t cap, const char *period);

/* The manifest's name: manifest.json, or manifest-parte-K-de-N.json for
 * shard K of N > 1 (so the union of the shards' folders has no clash). */
void catalog_manifest_name(char *buf, size_t cap, unsigned shard_k, unsigned shard_n);

/* A part is one output file of a municipality, numbered in publication
 * order from 0; CATALOG_EVERY_PART stands for all of them. */
#define CATALOG_EVERY_PART ((size_t)-1)

/* Renders and stages the output numbered part (or every one) of the kinds
 * selected for municipality ri->entity (ri viewing that municipality, its
 * previous-period comparison in ri->changes), named "<sub>/<name>" (sub
 * NULL: "<name>"). Staging the parts one by one, in any order or in
 * several processes, renders the same files as CATALOG_EVERY_PART. Returns
 * 0 or the first error. */
int catalog_stage_entity(const report_input *ri, unsigned kinds, const char *sub, size_t part,
                         outfile_set *out, tb_error *err);

/* How many parts catalog_stage_entity would stage for ri->entity. Pure. */
size_t catalog_entity_parts(const report_input *ri, unsigned kinds);

/* Renders and stages the network summary (resumen-red PDF and CSV; needs
 * ri->network). Returns 0 or the first error. */
int catalog_stage_network(const report_input *ri, outfile_set *out, tb_error *err);

#endif
