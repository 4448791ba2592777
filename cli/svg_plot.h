/* svg_plot.h — plain SVG plots written by the program, viewable in any
 * browser: memory over the steps of a schedule, and TDI against budget for a
 * sweep.
 *
 * Elements carry classes that tests (and style sheets) can find: the memory
 * plot has a polyline "schedule", a faded polyline "topological", a line
 * "budget", circles "recompute"; the sweep plot a polyline "tdi" and circles
 * "point".  Memory axes are in binary units (B, KiB, MiB, GiB).
 */
#ifndef MOC_CLI_SVG_PLOT_H
#define MOC_CLI_SVG_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "model/moccasin.h"

typedef struct cli_memory_plot {
  const char *title;            /* e.g. the graph's name (escaped on output) */
  const int64_t *memory;        /* bytes resident at each step of the schedule */
  size_t length;                /* its steps */
  const bool *recomputed;       /* recomputed[j]: step j computes a node again (NULL: none) */
  const int64_t *topo_memory;   /* the same for the topological order, drawn faded (NULL: none) */
  size_t topo_length;
  int64_t budget;               /* drawn as a line; < 0: none */
  int64_t arena;                /* the arena size, drawn dashed; < 0: none */
} cli_memory_plot;

/* Writes the memory plot as a whole SVG document; false on a write error. */
bool cli_svg_memory(FILE *f, const cli_memory_plot *plot);

typedef struct cli_sweep_point {
  double fraction;      /* budget as a fraction of the topological peak */
  int64_t budget;       /* bytes */
  bool has_cost;        /* a schedule was found */
  double tdi_percent;   /* its TDI */
  bool optimal;         /* proven optimal (filled marker) */
} cli_sweep_point;

/* Writes TDI (%) against budget (fraction of the topological peak). */
bool cli_svg_sweep(FILE *f, const char *title, const cli_sweep_point *points, size_t count);

/* Formats bytes in binary units ("512 B", "36.2 KiB", "1.50 GiB"). */
void cli_format_bytes(int64_t bytes, char *buf, size_t size);

#endif /* MOC_CLI_SVG_PLOT_H */
