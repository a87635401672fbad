/* gen_common.h - what the synthetic-network generators (gen_*.c, one
 * program each, for make bench-data and make backtest) share: the plan's
 * 16 areas in the order of config/indicadores.csv, and a deterministic
 * random source (splitmix64 seeded from the arguments, never from the
 * clock), so every generator's output is a function of its arguments. */
#ifndef TABLERO_GEN_COMMON_H
#define TABLERO_GEN_COMMON_H

#include <math.h>
#include <stdint.h>

static const char *const AREAS[] = {
    "Profesionalización de los equipos de gestión", "Atención ciudadana",
    "Seguridad ciudadana", "Comunicación estratégica", "Transformación digital",
    "Capital Humano", "Finanzas Municipales", "Gobierno abierto y acceso a la información",
    "Compras Gubernamentales", "Movilidad Urbana",
    "Gestión eficiente de flota de gobiernos locales", "Espacio Público", "Biodiversidad",
    "GIRSU - Gestión integral de residuos", "Atención Primaria de la Salud",
    "Desarrollo Emprendedor"};
#define NAREAS (sizeof AREAS / sizeof AREAS[0])

/* splitmix64: the next 64 random bits of state *s. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unif(uint64_t *s)
{
    return (double)(next(s) >> 11) * 0x1.0p-53;
}

/* Standard normal (Box-Muller; one of the pair is dropped for simplicity). */
static double gauss(uint64_t *s)
{
    double u = unif(s), v = unif(s);
    if (u < 1e-300) u = 1e-300;
    return sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

#endif
