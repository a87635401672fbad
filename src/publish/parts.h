/* parts.h - --shard K/N runs that compose in one output folder.
 * Each part publishes only its own municipalities' folders (outfile.h,
 * outfile_commit_parts) and its manifest, manifest-parte-K-de-N.json;
 * the part that finds all N manifests present (under the output lock,
 * after publishing its own) writes the network summary and the combined
 * manifest.json. Parts belong together when their manifests have the same
 * fingerprint: tablero's version, the period, the selected report kinds
 * and the SHA-256 and path of every input and config file (the reports
 * name the files they read, so every part must read them by the same
 * path: a shared volume mounted in the same place on every machine). */
#ifndef TABLERO_PARTS_H
#define TABLERO_PARTS_H

#include <stddef.h>

#include "common.h"
#include "outfile.h"

#define PARTS_FP_HEX 65   /* 64 hex digits and NUL */

/* Fingerprint of a manifest's JSON text (manifest.h) into hex. A manifest
 * without "reports" is a full run of every kind. Returns 0, or -1 when the
 * text is not a manifest. Pure. */
int parts_fingerprint(const char *json, char hex[PARTS_FP_HEX]);

/* Reads every manifest in period_dir (a missing folder has none) and
 * sets have[k-1] for each manifest-parte-k-de-n.json of this n with this
 * fingerprint. Manifests of another n with the same fingerprint are
 * harmless (the same data gives the same files whichever part wrote
 * them) and ignored. Returns 0; TB_EX_CANTCREAT when a manifest there
 * comes from other data or config, or cannot be read (err names it: the
 * caller publishes nothing); TB_EX_OSERR. have has n entries. */
int parts_scan(const char *period_dir, const char *fp, unsigned n, unsigned char *have,
               tb_error *err);

/* Adopts into out (outfile_adopt) every output listed by the manifests
 * of parts 1..n in period_dir, part by part: the combined manifest lists
 * the whole run's files. Returns 0, TB_EX_IOERR (a manifest vanished or
 * is malformed) or TB_EX_OSERR. */
int parts_adopt_outputs(const char *period_dir, unsigned n, outfile_set *out, tb_error *err);

#endif
