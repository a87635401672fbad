/* es/cli.h - Spanish strings of the cli stage. */
#ifndef TABLERO_ES_CLI_H
#define TABLERO_ES_CLI_H

#endif
