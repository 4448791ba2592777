/* svg_plot.c — the memory plot and the sweep plot, as plain SVG.
 *
 * Both share one frame: a plotting area with a margin for the axis labels,
 * ticks at "nice" steps (1, 2, 5 times a power of ten, in the axis's unit),
 * and a title.  The memory plot draws memory as steps (step j covers
 * [j, j+1) on the x axis), the topological order's memory faded behind it,
 * the budget as a red line, the arena dashed, and a dot on the curve for each
 * recomputation.  Everything is escaped and written with fprintf; no library.
 */
#include "cli/svg_plot.h"

#include <math.h>
#include <stdio.h>

#define WIDTH 1000
#define HEIGHT 560
#define LEFT 90
#define RIGHT 30
#define TOP 50
#define BOTTOM 60

typedef struct frame {
  double x0, x1, y0, y1;  /* data ranges */
  double y_unit;          /* bytes per axis unit (1 for plain numbers) */
  const char *y_unit_name;
} frame;

static double px(const frame *fr, double x) {
  return LEFT + (x - fr->x0) / (fr->x1 - fr->x0) * (WIDTH - LEFT - RIGHT);
}

static double py(const frame *fr, double y) {
  return HEIGHT - BOTTOM - (y - fr->y0) / (fr->y1 - fr->y0) * (HEIGHT - TOP - BOTTOM);
}

static void write_escaped(FILE *f, const char *s) {
  for (; s && *s; s++) {
    if (*s == '&') fputs("&amp;", f);
    else if (*s == '<') fputs("&lt;", f);
    else if (*s == '>') fputs("&gt;", f);
    else if (*s == '"') fputs("&quot;", f);
    else if ((unsigned char)*s >= 0x20 || *s == '\t') fputc(*s, f);
  }
}

static const char *const UNITS[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

static int unit_index(double bytes) {
  int u = 0;
  while (u < 5 && bytes >= 1024.0) {
    bytes /= 1024.0;
    u++;
  }
  return u;
}

void cli_format_bytes(int64_t bytes, char *buf, size_t size) {
  int u = unit_index((double)bytes);
  double v = (double)bytes / pow(1024.0, u);
  if (u == 0) snprintf(buf, size, "%lld B", (long long)bytes);
  else snprintf(buf, size, "%.*f %s", v >= 100 ? 0 : v >= 10 ? 1 : 2, v, UNITS[u]);
}

/* A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks. */
static double nice_step(double range, int ticks) {
  double raw = range / ticks, p = pow(10.0, floor(log10(raw))), m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void begin(FILE *f, const char *title) {
  fprintf(f,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
          "font-family=\"sans-serif\" font-size=\"13\">\n"
          "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
          "<text class=\"title\" x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">",
          WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT);
  write_escaped(f, title);
  fputs("</text>\n", f);
}

/* Grid, ticks and labels of both axes. */
static void axes(FILE *f, const frame *fr, const char *x_label, const char *y_label, bool x_percent) {
  double xs = nice_step(fr->x1 - fr->x0, 10), ys = nice_step((fr->y1 - fr->y0) / fr->y_unit, 6);
  fputs("<g class=\"axes\" stroke=\"#ddd\" stroke-width=\"1\">\n", f);
  for (double y = 0; y * fr->y_unit <= fr->y1 + 1e-9; y += ys)
    fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", LEFT, py(fr, y * fr->y_unit), WIDTH - RIGHT,
            py(fr, y * fr->y_unit));
  fputs("</g>\n<g class=\"labels\" fill=\"#333\">\n", f);
  for (double y = 0; y * fr->y_unit <= fr->y1 + 1e-9; y += ys)
    fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g %s</text>\n", LEFT - 6, py(fr, y * fr->y_unit) + 4, y,
            fr->y_unit_name);
  for (double x = ceil(fr->x0 / xs) * xs; x <= fr->x1 + 1e-9; x += xs)
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g%s</text>\n", px(fr, x), HEIGHT - BOTTOM + 18,
            x_percent ? x * 100 : x, x_percent ? "%" : "");
  fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 16,
          x_label);
  fprintf(f, "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>\n",
          (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, y_label);
  fputs("</g>\n", f);
  fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", LEFT, TOP,
          WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
}

/* Memory as steps: step j is flat over [j, j+1). */
static void memory_line(FILE *f, const frame *fr, const int64_t *memory, size_t length, const char *cls,
                        const char *style) {
  fprintf(f, "<polyline class=\"%s\" fill=\"none\" %s points=\"", cls, style);
  for (size_t j = 0; j < length; j++)
    fprintf(f, "%.1f,%.1f %.1f,%.1f ", px(fr, (double)j), py(fr, (double)memory[j]), px(fr, (double)j + 1),
            py(fr, (double)memory[j]));
  fputs("\"/>\n", f);
}

static void level_line(FILE *f, const frame *fr, int64_t bytes, const char *cls, const char *style,
                       const char *name) {
  char text[64];
  cli_format_bytes(bytes, text, sizeof text);
  double y = py(fr, (double)bytes);
  fprintf(f, "<line class=\"%s\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" %s/>\n", cls, LEFT, y, WIDTH - RIGHT, y,
          style);
  fprintf(f, "<text class=\"%s-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s %s</text>\n", cls,
          WIDTH - RIGHT - 4, y - 5, name, text);
}

static void legend(FILE *f, const cli_memory_plot *p) {
  int y = TOP + 18;
  fprintf(f, "<g class=\"legend\" font-size=\"12\">\n");
  fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
             "<text x=\"%d\" y=\"%d\">schedule (%zu steps)</text>\n", LEFT + 12, y, LEFT + 36, y, LEFT + 42, y + 4,
          p->length);
  if (p->topo_memory)
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-width=\"2\"/>"
               "<text x=\"%d\" y=\"%d\">topological order</text>\n", LEFT + 12, y + 18, LEFT + 36, y + 18, LEFT + 42,
            y + 22);
  if (p->recomputed)
    fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"#ff7f0e\"/><text x=\"%d\" y=\"%d\">recomputation</text>\n",
            LEFT + 24, y + 36, LEFT + 42, y + 40);
  fputs("</g>\n", f);
}

bool cli_svg_memory(FILE *f, const cli_memory_plot *p) {
  int64_t top = p->budget > 0 ? p->budget : 1;
  if (p->arena > top) top = p->arena;
  for (size_t j = 0; j < p->length; j++) top = p->memory[j] > top ? p->memory[j] : top;
  for (size_t j = 0; p->topo_memory && j < p->topo_length; j++)
    top = p->topo_memory[j] > top ? p->topo_memory[j] : top;
  size_t steps = p->length > p->topo_length ? p->length : p->topo_length;
  int u = unit_index((double)top);
  frame fr = {0, steps ? (double)steps : 1, 0, (double)top * 1.08, pow(1024.0, u), UNITS[u]};
  begin(f, p->title);
  axes(f, &fr, "step", "memory", false);
  if (p->topo_memory)
    memory_line(f, &fr, p->topo_memory, p->topo_length, "topological",
                "stroke=\"#999\" stroke-opacity=\"0.55\" stroke-width=\"1.5\"");
  memory_line(f, &fr, p->memory, p->length, "schedule", "stroke=\"#1f77b4\" stroke-width=\"1.8\"");
  for (size_t j = 0; p->recomputed && j < p->length; j++)
    if (p->recomputed[j])
      fprintf(f, "<circle class=\"recompute\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#ff7f0e\"/>\n",
              px(&fr, (double)j + 0.5), py(&fr, (double)p->memory[j]));
  if (p->budget >= 0) level_line(f, &fr, p->budget, "budget", "stroke=\"#d62728\" stroke-width=\"1.5\"", "budget");
  if (p->arena >= 0)
    level_line(f, &fr, p->arena, "arena", "stroke=\"#2ca02c\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"",
               "arena");
  legend(f, p);
  fputs("</svg>\n", f);
  return !ferror(f);
}

bool cli_svg_sweep(FILE *f, const char *title, const cli_sweep_point *pts, size_t count) {
  double x0 = 1, x1 = 0, y1 = 1;
  for (size_t i = 0; i < count; i++) {
    x0 = fmin(x0, pts[i].fraction);
    x1 = fmax(x1, pts[i].fraction);
    if (pts[i].has_cost) y1 = fmax(y1, pts[i].tdi_percent);
  }
  if (x1 <= x0) x0 = x1 - 0.1;
  double pad = (x1 - x0) * 0.04;
  frame fr = {x0 - pad, x1 + pad, 0, y1 * 1.1, 1, "%"};
  begin(f, title);
  axes(f, &fr, "budget (fraction of the topological peak)", "TDI (total duration increase)", true);
  fputs("<polyline class=\"tdi\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.8\" points=\"", f);
  for (size_t i = 0; i < count; i++)
    if (pts[i].has_cost) fprintf(f, "%.1f,%.1f ", px(&fr, pts[i].fraction), py(&fr, pts[i].tdi_percent));
  fputs("\"/>\n", f);
  for (size_t i = 0; i < count; i++) {
    if (!pts[i].has_cost) {
      fprintf(f, "<text class=\"none\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#d62728\">&#215;</text>\n",
              px(&fr, pts[i].fraction), py(&fr, 0) - 4);
      continue;
    }
    fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" stroke=\"#1f77b4\" fill=\"%s\">"
               "<title>budget %g: TDI %.3f %%%s</title></circle>\n",
            px(&fr, pts[i].fraction), py(&fr, pts[i].tdi_percent), pts[i].optimal ? "#1f77b4" : "white",
            pts[i].fraction, pts[i].tdi_percent, pts[i].optimal ? " (optimal)" : "");
  }
  fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#333\">filled: proven optimal; hollow: feasible; "
             "&#215;: no schedule</text>\n", LEFT + 12, TOP + 18);
  fputs("</svg>\n", f);
  return !ferror(f);
}
