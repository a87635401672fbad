/* text.h - UTF-8 helpers: validity, Windows-1252 conversion, the folded
 * key used to match names ignoring case, accents, spaces and punctuation,
 * and edit distance for "did you mean" suggestions. Pure functions. */
#ifndef TABLERO_TEXT_H
#define TABLERO_TEXT_H

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int text_utf8_valid(const char *s, size_t n);

/* Offset of the first byte of s[0..n) that does not start a well-formed
 * UTF-8 sequence, or n when all of it is valid. */
size_t text_utf8_invalid_at(const char *s, size_t n);

/* 1 when every byte of s[0..n) is defined in Windows-1252 (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D are not) and none is NUL. */
int text_cp1252_valid(const char *s, size_t n);

/* Offset of the first NUL or undefined Windows-1252 byte, or n. */
size_t text_cp1252_invalid_at(const char *s, size_t n);

/* Windows-1252 bytes to UTF-8. Returns a NUL-terminated string the caller
 * frees, with its length in *outlen (may be NULL); NULL on allocation
 * failure or an undefined byte. */
char *text_cp1252_to_utf8(const char *s, size_t n, size_t *outlen);

/* UTF-8 to Windows-1252 for the PDF's WinAnsiEncoding fonts. Characters
 * outside Windows-1252 become a close ASCII transliteration or '?'.
 * Returns a string the caller frees; NULL on allocation failure. */
char *text_utf8_to_cp1252(const char *s);
/* The same conversion of s[0..n) into out, which has room for n + 1
 * bytes (the output is never longer than the input) and must not overlap
 * s; NUL-terminated. Returns the output length. Pure. */
size_t text_utf8_to_cp1252_buf(const char *s, size_t n, char *out);

/* Matching key: case-folded, accents removed, every run of characters
 * that are not letters or digits turned into one space, trimmed.
 * "  Movilidad  URBANA." -> "movilidad urbana". Caller frees; NULL on
 * allocation failure or invalid UTF-8. */
char *text_fold(const char *s);

/* Levenshtein distance between two byte strings (use on folded keys).
 * If memory runs out (keys over 127 bytes only) returns the longer length,
 * an upper bound. */
size_t text_edit_distance(const char *a, const char *b);

/* Trims ASCII spaces, tabs, CR, LF, U+00A0 (bytes C2 A0) and U+202F
 * (narrow no-break space, E2 80 AF) from both ends in place; returns s. */
char *text_trim(char *s);

/* 1 when s holds only the characters text_trim removes (or nothing). */
int text_is_blank(const char *s);

/* Offset of the first well-formed UTF-8 sequence of two or more bytes in
 * s[0..n), or n when there is none. A file that is not UTF-8 but holds
 * such a sequence is probably two encodings pasted together. */
size_t text_utf8_multibyte_at(const char *s, size_t n);

/* Spanish agreement: one when n is exactly 1, else many ("1 indicador",
 * "0 indicadores", "3 indicadores"). Returns one of its arguments
 * (borrowed). Pure. */
const char *text_plural(size_t n, const char *one, const char *many);

#endif
