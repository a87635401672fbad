/* es/config.h - Spanish strings of the config stage. */
#ifndef TABLERO_ES_CONFIG_H
#define TABLERO_ES_CONFIG_H

#endif
