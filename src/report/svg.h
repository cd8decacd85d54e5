/*
 * svg — the two plots a report draws, as inline SVG text: line plots
 * (one polyline per series) and parallel coordinates (one axis per
 * dimension, one polyline per row). No script, no external reference:
 * the markup is static shapes and escaped text.
 *
 * Values are doubles; NAN marks a missing one (skipped in a line, drawn
 * at the foot of its axis in parallel coordinates). An axis whose values
 * are all positive and span more than three decades is drawn on a log
 * scale (a diverging run's loss of 1e58 would flatten every other curve).
 */
#ifndef STEWARD_REPORT_SVG_H
#define STEWARD_REPORT_SVG_H

#include <stddef.h>
#include "core/buf.h"

#define SVG_SERIES_MAX 200

struct svg_series {
    const char *name;
    const double *x, *y;
    size_t n;
    int best;        /* drawn on top, thicker */
};

struct svg_lines {
    const char *title, *xlabel, *ylabel;
    const struct svg_series *series;
    size_t n;
};

struct svg_axes {
    const char *title;
    const char *const *names;   /* naxes names */
    size_t naxes;
    const double *rows;         /* nrows x naxes, row-major */
    size_t nrows;
    size_t best;                /* the row to highlight; nrows: none */
    const char *const *row_names;
};

int svg_line_plot(struct buf *b, const struct svg_lines *p,
                  struct err *err) MUST_USE;
int svg_parallel(struct buf *b, const struct svg_axes *a,
                 struct err *err) MUST_USE;

/* ---- shared by the two plots (svg_scale.c) ---- */
struct svg_scale {
    double lo, hi;
    int log;
};
/* The range of n values (stride apart); lo == hi is widened. */
void svg_scale_fit(struct svg_scale *s, const double *v, size_t n,
                   size_t stride);
/* v's position in [0, 1] on s. */
double svg_scale_at(const struct svg_scale *s, double v);
/* A tick label for value v. */
void svg_format(double v, char *out, size_t n);
/* The i-th series colour. */
const char *svg_colour(size_t i);
/* <text> with escaped content at (x, y); anchor "start"/"middle"/"end". */
int svg_text(struct buf *b, double x, double y, const char *anchor,
             const char *cls, const char *text, struct err *err) MUST_USE;

#endif
