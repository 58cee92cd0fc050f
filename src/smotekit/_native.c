/* Compiled kernels shipped with the package: the numba kernels of the search's BLAS path,
 * the synthesis and the copy of rows, in C, so that a fresh process (and the very first
 * one after installation) loads no JIT compiler for them.
 *
 * Each function is the numba kernel of the same name (smotekit/neighbors/_kernels.py,
 * smotekit/synthesis/kernels.py, smotekit/door/fast.py) statement for statement: the same
 * operations in the same order and precision, so the results are bit-identical (the build
 * turns off contraction into fused multiply-adds; no fast-math). smotekit/_native.py
 * loads this library with ctypes (which releases the GIL during a call: the package's
 * thread pool runs the kernels side by side) and checks every array's dtype and layout
 * first; anything else goes to the numba kernel.
 *
 * The file is also a (methodless) Python extension module, so that setuptools builds it
 * like any other and the loader can find it by import.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

typedef int64_t idx;

/* The hot loops get a copy per instruction set, picked when the library loads (as numba
 * compiles for the host CPU): the baseline x86-64 build has 4-wide SSE2 vectors, AVX2 8. */
#if defined(__x86_64__) && (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 6)) && \
    defined(__linux__)
#define HOT __attribute__((target_clones("avx2", "default")))
#else
#define HOT
#endif

#define BLOCK 64

/* ---- the fused top-m selection of the neighbour search ------------------------------ */

/* The lists' indices are int32 (half the memory; the search uses them below 2**31 points)
 * or int64 (idx): ``wide`` says which. Only an insertion reads it: rare once lists fill. */
static inline void push(float *bg, void *bi, int wide, idx m, float g, idx index)
{
    idx pos = m - 1;
    if (wide) {
        idx *b = (idx *)bi;
        while (pos > 0 && bg[pos - 1] < g) {
            bg[pos] = bg[pos - 1];
            b[pos] = b[pos - 1];
            pos--;
        }
        b[pos] = index;
    } else {
        int32_t *b = (int32_t *)bi;
        while (pos > 0 && bg[pos - 1] < g) {
            bg[pos] = bg[pos - 1];
            b[pos] = b[pos - 1];
            pos--;
        }
        b[pos] = (int32_t)index;
    }
    bg[pos] = g;
}

static inline void *list_at(void *best_i, int wide, idx row, idx m)
{
    return (char *)best_i + (size_t)(row * m) * (wide ? sizeof(idx) : sizeof(int32_t));
}

/* rows == NULL: row r of G feeds list r (scan_rows); else list rows[r] (scan_rows_at) */
HOT void sk_scan_rows_at(const float *G, idx q, idx t, const float *h, idx col0, const idx *rows,
                         float *best_g, void *best_i, idx m, int wide)
{
    idx nblk = t / BLOCK;
    int32_t stack[64];
    int32_t *counts = nblk <= 64 ? stack : (int32_t *)malloc(sizeof(int32_t) * (size_t)nblk);
    if (counts == NULL)
        return;
    for (idx r = 0; r < q; r++) {
        const float *row = G + r * t;
        idx dst = rows == NULL ? r : rows[r];
        float *bg = best_g + dst * m;
        void *bi = list_at(best_i, wide, dst, m);
        float thr = bg[m - 1];
        for (idx blk = 0; blk < nblk; blk++) {
            const float *rb = row + blk * BLOCK;
            const float *hb = h + blk * BLOCK;
            int32_t c = 0;
            for (int j = 0; j < BLOCK; j++)
                c += (rb[j] - hb[j] > thr);
            counts[blk] = c;
        }
        for (idx blk = 0; blk < nblk; blk++) {
            if (counts[blk] == 0)
                continue;
            for (idx j = blk * BLOCK; j < blk * BLOCK + BLOCK; j++) {
                float g = row[j] - h[j];
                if (g > thr) {
                    push(bg, bi, wide, m, g, col0 + j);
                    thr = bg[m - 1];
                }
            }
        }
        int32_t c = 0;
        for (idx j = nblk * BLOCK; j < t; j++)
            c += (row[j] - h[j] > thr);
        if (c == 0)
            continue;
        for (idx j = nblk * BLOCK; j < t; j++) {
            float g = row[j] - h[j];
            if (g > thr) {
                push(bg, bi, wide, m, g, col0 + j);
                thr = bg[m - 1];
            }
        }
    }
    if (counts != stack)
        free(counts);
}

HOT void sk_scan_cols(const float *G, idx q, idx t, const float *h, idx row0, float *best_g,
                      void *best_i, idx m, int wide)
{
    float *thr = (float *)malloc(sizeof(float) * (size_t)(t > 0 ? t : 1));
    if (thr == NULL)
        return;
    idx nblk = t / BLOCK;
    for (idx j = 0; j < t; j++)
        thr[j] = best_g[j * m + m - 1];
    for (idx r = 0; r < q; r++) {
        const float *row = G + r * t;
        float hr = h[r];
        for (idx blk = 0; blk < nblk; blk++) {
            idx base = blk * BLOCK;
            int32_t c = 0;
            for (int j = 0; j < BLOCK; j++)
                c += (row[base + j] - hr > thr[base + j]);
            if (c == 0)
                continue;
            for (idx j = base; j < base + BLOCK; j++) {
                float g = row[j] - hr;
                if (g > thr[j]) {
                    push(best_g + j * m, list_at(best_i, wide, j, m), wide, m, g, row0 + r);
                    thr[j] = best_g[j * m + m - 1];
                }
            }
        }
        for (idx j = nblk * BLOCK; j < t; j++) {
            float g = row[j] - hr;
            if (g > thr[j]) {
                push(best_g + j * m, list_at(best_i, wide, j, m), wide, m, g, row0 + r);
                thr[j] = best_g[j * m + m - 1];
            }
        }
    }
    free(thr);
}

HOT idx sk_collect_at_least(const float *G, idx q, idx t, const float *h, const float *thr,
                        idx col0, idx *out_r, idx *out_c, idx cap)
{
    idx found = 0;
    idx full = t / BLOCK;
    for (idx r = 0; r < q; r++) {
        const float *row = G + r * t;
        float tr = thr[r];
        for (idx blk = 0; blk < full; blk++) {
            idx base = blk * BLOCK;
            int32_t c = 0;
            for (int j = 0; j < BLOCK; j++)
                c += (row[base + j] - h[base + j] >= tr);
            if (c == 0)
                continue;
            for (idx j = base; j < base + BLOCK; j++) {
                if (row[j] - h[j] >= tr) {
                    if (found < cap) {
                        out_r[found] = r;
                        out_c[found] = col0 + j;
                    }
                    found++;
                }
            }
        }
        for (idx j = full * BLOCK; j < t; j++) {
            if (row[j] - h[j] >= tr) {
                if (found < cap) {
                    out_r[found] = r;
                    out_c[found] = col0 + j;
                }
                found++;
            }
        }
    }
    return found;
}

/* ---- exact distances and the exact ranking ------------------------------------------- */

HOT void sk_pair_sqdist(const double *Q, const double *P, idx d, const idx *a, const idx *b,
                    double *out, idx n)
{
    for (idx t = 0; t < n; t++) {
        const double *qi = Q + a[t] * d;
        const double *pj = P + b[t] * d;
        double acc = 0.0;
        for (idx col = 0; col < d; col++) {
            double diff = qi[col] - pj[col];
            acc += diff * diff;
        }
        out[t] = acc;
    }
}

void sk_row_sqsum(const double *data, const idx *indptr, double *out, idx n)
{
    for (idx i = 0; i < n; i++) {
        double acc = 0.0;
        for (idx t = indptr[i]; t < indptr[i + 1]; t++)
            acc += data[t] * data[t];
        out[i] = acc;
    }
}

static inline idx insert_ranked(double *best_d, idx *best_r, idx kk, idx filled, double dv,
                                idx rv)
{
    idx pos;
    if (filled == kk) {
        double wd = best_d[kk - 1];
        if (dv > wd || (dv == wd && rv > best_r[kk - 1]))
            return filled;
        pos = kk - 1;
    } else {
        pos = filled;
        filled++;
    }
    while (pos > 0 && (best_d[pos - 1] > dv || (best_d[pos - 1] == dv && best_r[pos - 1] > rv))) {
        best_d[pos] = best_d[pos - 1];
        best_r[pos] = best_r[pos - 1];
        pos--;
    }
    best_d[pos] = dv;
    best_r[pos] = rv;
    return filled;
}

/* returns 0, or -1 when out of memory (nothing written then) */
int sk_rank_segments(const idx *ptr, idx nseg, const idx *rows, const double *dist, idx *top,
                     double *last, idx kk)
{
    double *best_d = (double *)malloc(sizeof(double) * (size_t)kk);
    idx *best_r = (idx *)malloc(sizeof(idx) * (size_t)kk);
    if (best_d == NULL || best_r == NULL) {
        free(best_d);
        free(best_r);
        return -1;
    }
    for (idx p = 0; p < nseg; p++) {
        idx filled = 0;
        for (idx t = ptr[p]; t < ptr[p + 1]; t++)
            filled = insert_ranked(best_d, best_r, kk, filled, dist[t], rows[t]);
        for (idx q = 0; q < kk; q++)
            top[p * kk + q] = best_r[q];
        last[p] = best_d[kk - 1];
    }
    free(best_d);
    free(best_r);
    return 0;
}

/* ---- synthesis: xb + g (xn - xb), the difference in the input's precision ------------ */

static inline double on_segment(double v, double xb, double xn)
{
    double lo = xb <= xn ? xb : xn;
    double hi = xb <= xn ? xn : xb;
    if (v < lo)
        return lo;
    if (v > hi)
        return hi;
    return v;
}

static inline double safe_point(double xb, double xn, double g, double limit)
{
    double h = 0.5 * xn - 0.5 * xb;
    double v = 2.0 * (0.5 * xb + g * h);
    if (0.0 <= g && g <= 1.0)
        v = on_segment(v, xb, xn);
    if (v > limit)
        v = limit;
    else if (v < -limit)
        v = -limit;
    return v;
}

#define SYNTHESIS(NAME, T, GAP_AT)                                                            \
    HOT void NAME(T *out, const T *X, idx d, const idx *base, const idx *neighbor,             \
              const double *gap, idx n, double limit)                                        \
    {                                                                                         \
        for (idx i = 0; i < n; i++) {                                                         \
            const T *rb = X + base[i] * d;                                                    \
            const T *rn = X + neighbor[i] * d;                                                \
            T *o = out + i * d;                                                               \
            for (idx j = 0; j < d; j++) {                                                     \
                T xb = rb[j];                                                                 \
                T xn = rn[j];                                                                 \
                double g = GAP_AT;                                                            \
                T diff = (T)(xn - xb);                                                        \
                double v = (double)xb + g * (double)diff;                                     \
                if (!(-limit <= v && v <= limit))                                             \
                    v = safe_point((double)xb, (double)xn, g, limit);                         \
                else if (0.0 <= g && g <= 1.0)                                                \
                    v = on_segment(v, (double)xb, (double)xn);                                \
                o[j] = (T)v;                                                                  \
            }                                                                                 \
        }                                                                                     \
    }

SYNTHESIS(sk_segment_f64, double, gap[i])
SYNTHESIS(sk_segment_f32, float, gap[i])
SYNTHESIS(sk_box_f64, double, gap[i * d + j])
SYNTHESIS(sk_box_f32, float, gap[i * d + j])

/* ---- the copy of the original rows, optionally counting rows with NaN or infinity ---- */

#define COPY(NAME, T)                                                                         \
    HOT idx NAME(T *out, const T *X, idx n, idx d, int check)                                    \
    {                                                                                         \
        idx bad = 0;                                                                          \
        for (idx i = 0; i < n; i++) {                                                         \
            double acc = 0.0;                                                                 \
            const T *x = X + i * d;                                                           \
            T *o = out + i * d;                                                               \
            for (idx j = 0; j < d; j++) {                                                     \
                T v = x[j];                                                                   \
                o[j] = v;                                                                     \
                if (check)                                                                    \
                    acc += (double)v * 0.0;                                                   \
            }                                                                                 \
            if (acc != acc)                                                                   \
                bad++;                                                                        \
        }                                                                                     \
        return bad;                                                                           \
    }

COPY(sk_copy_f64, double)
COPY(sk_copy_f32, float)

/* ---- a module object, so that setuptools builds this file like any extension ---------- */

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native_kernels",
                                    "smotekit's compiled kernels (called through ctypes)", -1,
                                    NULL};

PyMODINIT_FUNC PyInit__native_kernels(void) { return PyModule_Create(&module); }
