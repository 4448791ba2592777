/* graph_budget.c — a budget given as a decimal fraction of the topological peak.
 *
 * SPEC §1: B = ceil(f * peak(topo)), computed exactly from the decimal text,
 * never in floating point (0.8 * 13,484,795,520 must not round the wrong
 * way).  The text is digits with at most one point ("0.8", "1", ".75",
 * "1.000"); f = N / 10^k with k the number of digits after the point, once
 * trailing zeros are dropped.  k is limited to 18 so that N < 10^18 and
 * N * peak (< 2^60 * 2^63) fits in an unsigned 128-bit product.
 */
#include "model/graph_internal.h"


#define MAX_DECIMALS 18

typedef struct decimal {
  uint64_t whole;     /* the integer part, saturated at 2 (only 0 and 1 are allowed) */
  uint64_t frac;      /* the digits after the point, without trailing zeros */
  unsigned decimals;  /* how many digits frac has */
} decimal;

/* Parses the decimal text; false when it is not one (or has too many decimals). */
static bool parse_decimal(const char *text, decimal *d) {
  const char *p = text;
  size_t int_digits = 0, frac_digits = 0;
  *d = (decimal){0, 0, 0};
  for (; *p >= '0' && *p <= '9'; p++, int_digits++) {
    d->whole = d->whole * 10 + (uint64_t)(*p - '0');
    if (d->whole > 2) d->whole = 2;
  }
  const char *frac = NULL;
  if (*p == '.') {
    frac = ++p;
    for (; *p >= '0' && *p <= '9'; p++) frac_digits++;
  }
  if (*p != '\0' || int_digits + frac_digits == 0) return false;
  while (frac_digits > 0 && frac[frac_digits - 1] == '0') frac_digits--;
  if (frac_digits > MAX_DECIMALS) return false;
  for (size_t i = 0; i < frac_digits; i++) d->frac = d->frac * 10 + (uint64_t)(frac[i] - '0');
  d->decimals = (unsigned)frac_digits;
  return true;
}

moc_error moc_graph_budget_from_fraction(const moc_graph *g, const char *fraction, int64_t *budget) {
  if (!g || !fraction || !budget) return MOC_ERR_ARGUMENT;
  if (!g->finished) return MOC_ERR_STATE;
  decimal d;
  if (!parse_decimal(fraction, &d)) return MOC_ERR_BAD_FRACTION;
  if (d.whole > 1 || (d.whole == 1 && d.frac > 0)) return MOC_ERR_BAD_FRACTION;
  if (d.whole == 0 && d.frac == 0) return MOC_ERR_BAD_FRACTION;
  if (d.whole == 1) {
    *budget = g->topo_peak;
    return MOC_OK;
  }
  unsigned __int128 scale = 1;
  for (unsigned i = 0; i < d.decimals; i++) scale *= 10;
  unsigned __int128 product = (unsigned __int128)d.frac * (unsigned __int128)g->topo_peak;
  unsigned __int128 b = (product + scale - 1) / scale; /* <= topo_peak since frac < scale */
  *budget = (int64_t)b;
  return MOC_OK;
}
