/* es/ingest.h - Spanish strings of the ingest stage. */
#ifndef TABLERO_ES_INGEST_H
#define TABLERO_ES_INGEST_H

#endif
