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
 * first; anything else goes to the numba kernel. One exception has no numba twin: the
 * fused tile kernel (sk_fused_bands), which replaces BLAS and the scans where the CPU has
 * AVX2 and FMA, with its own rounding (see its comment).
 *
 * The file is also a (methodless) Python extension module, so that setuptools builds it
 * like any other and the loader can find it by import.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
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

/* ---- the fused tile: products in registers, straight into the top-m lists ------------ */

/* The all-points search's tile pairs (and the query tiles of GemmSpace.probe_candidates)
 * without BLAS: 6 rows x 16 columns of products at a time in AVX2 registers, compared with
 * the lists' thresholds before anything is stored. With as few terms per product as the
 * search's rows have (d = 20 on shape A), the BLAS path was bound not by the
 * multiplications but by writing its 1 MB tile of products and reading it back in
 * scan_rows / scan_cols; here no tile is made. The scores differ from BLAS's in the last
 * bits (another summation order, fused multiply-adds) and stay within the error bound the
 * search certifies (GemmSpace.err holds for any order), so the exact re-rank gives the
 * same neighbours. Only where the CPU has AVX2 and FMA (sk_fused_supported); elsewhere
 * the search keeps BLAS and the scans. */

#define FR 6  /* rows of a micro-tile: 12 accumulators + 2 columns + 1 broadcast of 16 ymm */
#define FC 16 /* columns: two 8-wide vectors */

#if defined(__x86_64__) && (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 6))
#include <immintrin.h>
#define FUSED 1
#endif

static inline idx round_up(idx v, idx to) { return (v + to - 1) / to * to; }

/* float32 scratch a call needs: the packed rows of both tiles, their padded half norms
 * and thresholds */
idx sk_fused_scratch(idx q, idx t, idx d)
{
    idx qp = round_up(q, FR), tp = round_up(t, FC);
    return qp * d + tp * d + 2 * qp + 2 * tp;
}

int sk_fused_supported(void)
{
#ifdef FUSED
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

#ifdef FUSED
typedef struct {
    idx q, t, m, row0, col0;
    const float *hA, *hB; /* padded with +inf: a padded row or column never passes */
    float *thrA, *thrB;   /* each list's last score, kept in step with the lists */
    float *gA, *gB;
    void *iA, *iB;
    int wide, cols;
} fused_lists;

/* A micro-tile in which some score passed a threshold: the lanes that passed (``mr[r]``:
 * row r against the rows' thresholds, ``mc[r]``: against the columns') tested again one
 * by one, as thresholds rise with every insertion; rows' lists first, then columns'. */
static void fused_hits(const float *acc, const int *mr, const int *mc, idx i, idx j,
                       fused_lists *L)
{
    idx m = L->m;
    for (idx r = 0; r < FR; r++) {
        unsigned bits = (unsigned)mr[r];
        if (!bits)
            continue;
        float *bg = L->gA + (i + r) * m;
        void *bi = list_at(L->iA, L->wide, i + r, m);
        while (bits) {
            int c = __builtin_ctz(bits);
            bits &= bits - 1;
            float g = acc[r * FC + c] - L->hB[j + c];
            if (g > L->thrA[i + r]) {
                push(bg, bi, L->wide, m, g, L->col0 + j + c);
                L->thrA[i + r] = bg[m - 1];
            }
        }
    }
    for (idx r = 0; r < FR; r++) {
        unsigned bits = (unsigned)mc[r];
        while (bits) {
            int c = __builtin_ctz(bits);
            bits &= bits - 1;
            idx col = j + c;
            float g = acc[r * FC + c] - L->hA[i + r];
            if (g > L->thrB[col]) {
                float *bg = L->gB + col * m;
                push(bg, list_at(L->iB, L->wide, col, m), L->wide, m, g, L->row0 + i + r);
                L->thrB[col] = bg[m - 1];
            }
        }
    }
}

#define FMA_ROW(r)                                                                           \
    x = _mm256_broadcast_ss(a + k * FR + r);                                                 \
    c##r##0 = _mm256_fmadd_ps(x, b0, c##r##0);                                               \
    c##r##1 = _mm256_fmadd_ps(x, b1, c##r##1);

#define TEST_ROW(r)                                                                          \
    x = _mm256_broadcast_ss(L->thrA + i + r);                                                \
    any = _mm256_or_ps(any, _mm256_cmp_ps(_mm256_sub_ps(c##r##0, hb0), x, _CMP_GT_OQ));      \
    any = _mm256_or_ps(any, _mm256_cmp_ps(_mm256_sub_ps(c##r##1, hb1), x, _CMP_GT_OQ));

#define TEST_COL(r)                                                                          \
    x = _mm256_broadcast_ss(L->hA + i + r);                                                  \
    any = _mm256_or_ps(any, _mm256_cmp_ps(_mm256_sub_ps(c##r##0, x), tb0, _CMP_GT_OQ));      \
    any = _mm256_or_ps(any, _mm256_cmp_ps(_mm256_sub_ps(c##r##1, x), tb1, _CMP_GT_OQ));

#define STORE_ROW(r)                                                                         \
    _mm256_storeu_ps(acc + r * FC, c##r##0);                                                 \
    _mm256_storeu_ps(acc + r * FC + 8, c##r##1);

__attribute__((target("avx2,fma"))) static void fused_avx2(const float *pa, const float *pb,
                                                           idx d, fused_lists *L)
{
    float acc[FR * FC];
    idx qp = round_up(L->q, FR), tp = round_up(L->t, FC);
    for (idx j = 0; j < tp; j += FC) {
        const float *b = pb + j * d;
        for (idx i = 0; i < qp; i += FR) {
            const float *a = pa + i * d;
            __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00,
                   c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00,
                   c51 = c00, x;
            for (idx k = 0; k < d; k++) {
                __m256 b0 = _mm256_loadu_ps(b + k * FC), b1 = _mm256_loadu_ps(b + k * FC + 8);
                FMA_ROW(0) FMA_ROW(1) FMA_ROW(2) FMA_ROW(3) FMA_ROW(4) FMA_ROW(5)
            }
            /* loaded here, not kept across the loop: 16 registers hold the products */
            __m256 hb0 = _mm256_loadu_ps(L->hB + j), hb1 = _mm256_loadu_ps(L->hB + j + 8);
            __m256 any = _mm256_setzero_ps();
            TEST_ROW(0) TEST_ROW(1) TEST_ROW(2) TEST_ROW(3) TEST_ROW(4) TEST_ROW(5)
            if (L->cols) {
                __m256 tb0 = _mm256_loadu_ps(L->thrB + j), tb1 = _mm256_loadu_ps(L->thrB + j + 8);
                TEST_COL(0) TEST_COL(1) TEST_COL(2) TEST_COL(3) TEST_COL(4) TEST_COL(5)
            }
            if (_mm256_movemask_ps(any)) {
                STORE_ROW(0) STORE_ROW(1) STORE_ROW(2) STORE_ROW(3) STORE_ROW(4) STORE_ROW(5)
                int mr[FR], mc[FR];
                for (int r = 0; r < FR; r++) {
                    __m256 a0 = _mm256_loadu_ps(acc + r * FC), a1 = _mm256_loadu_ps(acc + r * FC + 8);
                    x = _mm256_broadcast_ss(L->thrA + i + r);
                    mr[r] = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_sub_ps(a0, hb0), x, _CMP_GT_OQ)) |
                            _mm256_movemask_ps(_mm256_cmp_ps(_mm256_sub_ps(a1, hb1), x, _CMP_GT_OQ)) << 8;
                    mc[r] = 0;
                    if (L->cols) {
                        __m256 tb0 = _mm256_loadu_ps(L->thrB + j), tb1 = _mm256_loadu_ps(L->thrB + j + 8);
                        x = _mm256_broadcast_ss(L->hA + i + r);
                        mc[r] = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_sub_ps(a0, x), tb0, _CMP_GT_OQ)) |
                                _mm256_movemask_ps(_mm256_cmp_ps(_mm256_sub_ps(a1, x), tb1, _CMP_GT_OQ)) << 8;
                    }
                }
                fused_hits(acc, mr, mc, i, j, L);
            }
        }
    }
}

/* rows of X (n x d) into panels of ``w`` rows, k-major (zeros past n) */
static void pack_panels(const float *X, idx n, idx d, idx w, float *out)
{
    idx np = round_up(n, w);
    for (idx p = 0; p < np; p += w)
        for (idx k = 0; k < d; k++)
            for (idx r = 0; r < w; r++)
                out[p * d + k * w + r] = p + r < n ? X[(p + r) * d + k] : 0.0f;
}

static void pad_copy(float *out, const float *src, idx n, idx np, idx stride)
{
    for (idx r = 0; r < np; r++)
        out[r] = r < n ? src[r * stride] : INFINITY;
}

/* One tile pair: rows A (q x d), B (t x d); lists as in sk_fused_bands. */
static void fused_tile(const float *A, idx q, const float *B, idx t, idx d, const float *hA,
                       const float *hB, idx row0, idx col0, float *gA, void *iA, float *gB,
                       void *iB, idx m, int wide, int cols, float *scratch)
{
    idx qp = round_up(q, FR), tp = round_up(t, FC);
    float *pa = scratch, *pb = pa + qp * d, *hAp = pb + tp * d, *thrA = hAp + qp;
    float *hBp = thrA + qp, *thrB = hBp + tp;
    pack_panels(A, q, d, FR, pa);
    pack_panels(B, t, d, FC, pb);
    pad_copy(thrA, gA + m - 1, q, qp, m);
    pad_copy(hBp, hB, t, tp, 1);
    if (cols) {
        pad_copy(hAp, hA, q, qp, 1);
        pad_copy(thrB, gB + m - 1, t, tp, m);
    }
    fused_lists L = {q, t, m, row0, col0, hAp, hBp, thrA, thrB, gA, gB, iA, iB, wide, cols};
    fused_avx2(pa, pb, d, &L);
}
#endif

/* Products of rows A (na x d, points ``row0 + i``) and B (nb x d, points ``col0 + j``),
 * ``tile`` x ``tile`` at a time, into the top-m lists (gA, iA: A's rows; gB, iB: B's).
 * Row i's list takes column j's score A_i . B_j - hB_j, as scan_rows with a tile of
 * products. ``mode`` 0: only that (query rows against reference points); 1: column j's
 * list also takes A_i . B_j - hA_i, as scan_cols (two bands of the symmetric search,
 * multiplied once); 2: A and B are the same band: tile pairs a <= b, the diagonal tiles
 * rows only. Returns -1 (nothing done) where the CPU or the scratch (sk_fused_scratch of
 * tile, tile, d floats) does not allow it. */
int sk_fused_bands(const float *A, idx na, const float *B, idx nb, idx d, const float *hA,
                   const float *hB, idx row0, idx col0, float *gA, void *iA, float *gB, void *iB,
                   idx m, int wide, int mode, idx tile, float *scratch, idx scratch_len)
{
#ifdef FUSED
    if (tile < 1 || m < 1 || scratch_len < sk_fused_scratch(tile, tile, d))
        return -1;
    for (idx a = 0; a < na; a += tile) {
        idx q = na - a < tile ? na - a : tile;
        for (idx b = mode == 2 ? a : 0; b < nb; b += tile) {
            idx t = nb - b < tile ? nb - b : tile;
            int cols = mode == 1 || (mode == 2 && b != a);
            /* the columns' lists only where they are fed (mode 0 has none for B's rows) */
            float *gb = cols ? gB + b * m : NULL;
            void *ib = cols ? list_at(iB, wide, b, m) : NULL;
            fused_tile(A + a * d, q, B + b * d, t, d, hA + a, hB + b, row0 + a, col0 + b,
                       gA + a * m, list_at(iA, wide, a, m), gb, ib, m, wide, cols, scratch);
        }
    }
    return 0;
#else
    (void)A, (void)na, (void)B, (void)nb, (void)d, (void)hA, (void)hB, (void)row0, (void)col0;
    (void)gA, (void)iA, (void)gB, (void)iB, (void)m, (void)wide, (void)mode, (void)tile;
    (void)scratch, (void)scratch_len;
    return -1;
#endif
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

/* ---- the kd-tree of low-dimensional classes (smotekit/neighbors/_kdtree.py) ----------- */
/* numba's max(a, b) / min(a, b) on floats: b if b > a (b < a) else a, as Python's */
static inline double pmax(double a, double b) { return b > a ? b : a; }
static inline double pmin(double a, double b) { return b < a ? b : a; }

void sk_kd_root(const double *pts, idx n, idx d, double *lo, double *hi, idx *start, idx *end)
{
    start[0] = 0;
    end[0] = n;
    for (idx c = 0; c < d; c++) {
        lo[c] = INFINITY;
        hi[c] = -INFINITY;
    }
    for (idx i = 0; i < n; i++) {
        for (idx c = 0; c < d; c++) {
            double v = pts[i * d + c];
            if (v < lo[c])
                lo[c] = v;
            if (v > hi[c])
                hi[c] = v;
        }
    }
}

static void kd_select(double *pts, idx *ix, idx d, idx s, idx e, idx kth, idx dim)
{
    idx lo = s, hi = e - 1;
    while (hi > lo) {
        idx mid = lo + (hi - lo) / 2;
        double a = pts[lo * d + dim], b = pts[mid * d + dim], c = pts[hi * d + dim];
        double pivot = pmax(pmin(a, b), pmin(pmax(a, b), c)); /* the median of the three */
        idx i = lo, j = hi;
        while (i <= j) {
            while (pts[i * d + dim] < pivot)
                i++;
            while (pts[j * d + dim] > pivot)
                j--;
            if (i <= j) {
                if (i != j) {
                    for (idx col = 0; col < d; col++) {
                        double tmp = pts[i * d + col];
                        pts[i * d + col] = pts[j * d + col];
                        pts[j * d + col] = tmp;
                    }
                    idx t = ix[i];
                    ix[i] = ix[j];
                    ix[j] = t;
                }
                i++;
                j--;
            }
        }
        if (kth <= j)
            hi = j;
        else if (kth >= i)
            lo = i;
        else
            return;
    }
}

void sk_kd_split(double *pts, idx *ix, idx d, double *lo, double *hi, idx *start, idx *end,
                 idx levels, idx leaf, idx root, idx depth, idx stop)
{
    idx first = root;
    for (idx k = depth; k < stop; k++) {
        idx count = (idx)1 << (k - depth);
        idx half = leaf << (levels - k - 1); /* points under a full child */
        for (idx t = first; t < first + count; t++) {
            idx s = start[t], e = end[t];
            idx mid = s + half < e ? s + half : e;
            idx dim = 0;
            if (mid < e) {
                double spread = -1.0;
                for (idx c = 0; c < d; c++) {
                    double w = hi[t * d + c] - lo[t * d + c];
                    if (w > spread) {
                        spread = w;
                        dim = c;
                    }
                }
                kd_select(pts, ix, d, s, e, mid, dim);
            }
            for (idx child = 2 * t + 1; child <= 2 * t + 2; child++) {
                for (idx c = 0; c < d; c++) {
                    lo[child * d + c] = lo[t * d + c];
                    hi[child * d + c] = hi[t * d + c];
                }
            }
            if (mid < e) {
                double cut = pts[mid * d + dim];
                hi[(2 * t + 1) * d + dim] = cut;
                lo[(2 * t + 2) * d + dim] = cut;
            }
            start[2 * t + 1] = s;
            end[2 * t + 1] = mid;
            start[2 * t + 2] = mid;
            end[2 * t + 2] = e;
        }
        first = 2 * first + 1;
    }
}

void sk_kd_fill_leaves(const double *pts, idx d, double *lo, double *hi, const idx *start,
                       const idx *end, double *blk, idx a, idx b, idx leaf, idx n_nodes)
{
    idx first = (n_nodes - 1) / 2;
    for (idx t = a; t < b; t++) {
        idx s = start[t], e = end[t];
        size_t base = (size_t)((t - first) * d * leaf);
        for (idx c = 0; c < d; c++) {
            double mn = INFINITY, mx = -INFINITY;
            for (idx i = s; i < e; i++) {
                double v = pts[i * d + c];
                mn = pmin(mn, v);
                mx = pmax(mx, v);
                blk[base + c * leaf + i - s] = v;
            }
            for (idx i = e - s; i < leaf; i++)
                blk[base + c * leaf + i] = NAN;
            lo[t * d + c] = mn;
            hi[t * d + c] = mx;
        }
    }
}

void sk_kd_merge_boxes(double *lo, double *hi, idx d, idx first)
{
    for (idx t = first - 1; t >= 0; t--) {
        for (idx c = 0; c < d; c++) {
            lo[t * d + c] = pmin(lo[(2 * t + 1) * d + c], lo[(2 * t + 2) * d + c]);
            hi[t * d + c] = pmax(hi[(2 * t + 1) * d + c], hi[(2 * t + 2) * d + c]);
        }
    }
}

/* The m nearest points by (distance, index) of the points of the given leaves: they walk
 * the tree together (see _knn_leaves in _kdtree.py, which this is statement for statement).
 * Returns 1 when the scratch lists cannot be allocated. */
HOT int sk_kd_knn(const double *blk, const double *pts, const idx *ix, const double *lo,
                  const double *hi, const idx *start, const idx *end, idx d, idx levels,
                  idx leaf, const idx *leaves, idx nleaves, idx row0, idx *out_i, idx m,
                  double *out_d, idx w, int scatter, int others)
{
    idx first = ((idx)1 << levels) - 1;
    double *fd = malloc(sizeof(double) * (size_t)(leaf * m));
    idx *fi = malloc(sizeof(idx) * (size_t)(leaf * m));
    double *buf = malloc(sizeof(double) * (size_t)leaf);
    double *box = malloc(sizeof(double) * (size_t)leaf);
    double *worst = malloc(sizeof(double) * (size_t)leaf);
    idx *sel = malloc(sizeof(idx) * (size_t)leaf);
    idx *hits = malloc(sizeof(idx) * (size_t)leaf);
    double *Q = malloc(sizeof(double) * (size_t)(d * leaf));
    idx *stack_t = malloc(sizeof(idx) * (size_t)(2 * levels + 4));
    double *stack_b = malloc(sizeof(double) * (size_t)(2 * levels + 4));
    int failed = !(fd && fi && buf && box && worst && sel && hits && Q && stack_t && stack_b);
    for (idx t = 0; t < nleaves && !failed; t++) {
        idx own = first + leaves[t];
        idx qs = start[own];
        idx nq = end[own] - qs;
        if (nq == 0)
            continue;
        /* the slots past a partial leaf copy its last point and never pass a test (-1) */
        for (idx c = 0; c < d; c++)
            for (idx i = 0; i < leaf; i++)
                Q[c * leaf + i] = pts[(qs + (i < nq - 1 ? i : nq - 1)) * d + c];
        for (idx i = 0; i < leaf; i++) {
            for (idx c = 0; c < m; c++) {
                fd[i * m + c] = INFINITY;
                fi[i * m + c] = -1;
            }
            worst[i] = i < nq ? INFINITY : -1.0;
        }
        double bound = INFINITY; /* the largest m-th distance among the leaf's points */
        stack_t[0] = 0;
        stack_b[0] = 0.0;
        idx top = 1;
        while (top > 0) {
            top--;
            idx node = stack_t[top];
            if (stack_b[top] > bound)
                continue;
            double lo0 = lo[node * d], hi0 = hi[node * d];
            for (idx i = 0; i < leaf; i++) {
                double v = Q[i];
                double g = pmax(pmax(lo0 - v, v - hi0), 0.0);
                box[i] = g * g;
            }
            for (idx c = 1; c < d; c++) {
                lo0 = lo[node * d + c];
                hi0 = hi[node * d + c];
                const double *Qc = Q + c * leaf;
                for (idx i = 0; i < leaf; i++) {
                    double v = Qc[i];
                    double g = pmax(pmax(lo0 - v, v - hi0), 0.0);
                    box[i] += g * g;
                }
            }
            if (node < first) {
                idx ns = 0;
                for (idx i = 0; i < leaf; i++)
                    ns += box[i] <= worst[i];
                if (ns == 0)
                    continue;
                idx a = 2 * node + 1, b = a + 1;
                double da = 0.0, db = 0.0;
                for (idx c = 0; c < d; c++) {
                    double ql = lo[own * d + c], qh = hi[own * d + c];
                    double g = pmax(pmax(lo[a * d + c] - qh, ql - hi[a * d + c]), 0.0);
                    da += g * g;
                    g = pmax(pmax(lo[b * d + c] - qh, ql - hi[b * d + c]), 0.0);
                    db += g * g;
                }
                if (da < db || (da == db && qs < end[a])) {
                    idx ti = a;
                    a = b;
                    b = ti;
                    double td = da;
                    da = db;
                    db = td;
                }
                /* a is the farther child: pushed first, visited last */
                if (da <= bound) {
                    stack_t[top] = a;
                    stack_b[top] = da;
                    top++;
                }
                if (db <= bound) {
                    stack_t[top] = b;
                    stack_b[top] = db;
                    top++;
                }
                continue;
            }
            idx ns = 0;
            for (idx i = 0; i < leaf; i++) {
                sel[ns] = i;
                ns += box[i] <= worst[i];
            }
            if (ns == 0)
                continue;
            idx rs = start[node];
            const double *lb_blk = blk + (size_t)((node - first) * d * leaf);
            int changed = 0;
            for (idx k = 0; k < ns; k++) {
                idx i = sel[k];
                double wi = worst[i];
                double qc = Q[i];
                for (idx j = 0; j < leaf; j++) {
                    double diff = lb_blk[j] - qc;
                    buf[j] = diff * diff;
                }
                for (idx c = 1; c < d - 1; c++) {
                    qc = Q[c * leaf + i];
                    const double *col = lb_blk + c * leaf;
                    for (idx j = 0; j < leaf; j++) {
                        double diff = col[j] - qc;
                        buf[j] += diff * diff;
                    }
                }
                idx cnt = 0;
                if (d > 1) {
                    /* the last column also counts the points within the m-th distance */
                    qc = Q[(d - 1) * leaf + i];
                    const double *col = lb_blk + (d - 1) * leaf;
                    for (idx j = 0; j < leaf; j++) {
                        double diff = col[j] - qc;
                        double x = buf[j] + diff * diff;
                        buf[j] = x;
                        cnt += x <= wi;
                    }
                } else {
                    for (idx j = 0; j < leaf; j++)
                        cnt += buf[j] <= wi;
                }
                if (cnt == 0)
                    continue;
                changed = 1;
                idx nh = 0;
                for (idx j = 0; j < leaf; j++) {
                    hits[nh] = j;
                    nh += buf[j] <= wi;
                }
                idx lb = i * m, last = lb + m - 1;
                for (idx h = 0; h < nh; h++) {
                    idx j = hits[h];
                    double x = buf[j];
                    if (!(x <= wi)) /* wi shrank since this hit was counted */
                        continue;
                    if (others && rs + j == qs + i)
                        continue;
                    idx r = ix[rs + j];
                    if (x == wi && r > fi[last])
                        continue;
                    idx pos = last;
                    while (pos > lb && (fd[pos - 1] > x || (fd[pos - 1] == x && fi[pos - 1] > r))) {
                        fd[pos] = fd[pos - 1];
                        fi[pos] = fi[pos - 1];
                        pos--;
                    }
                    fd[pos] = x;
                    fi[pos] = r;
                    wi = fd[last];
                }
                worst[i] = wi;
            }
            if (changed) {
                bound = 0.0;
                for (idx i = 0; i < leaf; i++)
                    bound = pmax(bound, worst[i]);
            }
        }
        for (idx i = 0; i < nq; i++) {
            idx row = scatter ? ix[qs + i] : (row0 + t) * leaf + i;
            for (idx c = 0; c < m; c++)
                out_i[row * m + c] = fi[i * m + c];
            for (idx c = 0; c < w; c++)
                out_d[row * w + c] = fd[i * m + m - w + c];
        }
    }
    free(fd);
    free(fi);
    free(buf);
    free(box);
    free(worst);
    free(sel);
    free(hits);
    free(Q);
    free(stack_t);
    free(stack_b);
    return failed;
}

/* Points at exact distance <= radius2[q] of the point at tree position at[q]: counted into
 * ptr[q] (fill 0), then written to out[ptr[q]:ptr[q + 1]] (fill 1). 1: no memory. */
HOT int sk_kd_within(const double *blk, const double *pts, const idx *ix, const double *lo,
                     const double *hi, const idx *start, idx d, idx levels, idx leaf,
                     const idx *at, idx nat, const double *radius2, idx *ptr, idx *out, int fill)
{
    idx first = ((idx)1 << levels) - 1;
    double *buf = malloc(sizeof(double) * (size_t)leaf);
    double *q = malloc(sizeof(double) * (size_t)(d > 0 ? d : 1));
    idx *stack = malloc(sizeof(idx) * (size_t)(2 * levels + 4));
    int failed = !(buf && q && stack);
    for (idx t = 0; t < nat && !failed; t++) {
        for (idx c = 0; c < d; c++)
            q[c] = pts[at[t] * d + c];
        double r2 = radius2[t];
        idx found = 0;
        stack[0] = 0;
        idx top = 1;
        while (top > 0) {
            top--;
            idx node = stack[top];
            double acc = 0.0;
            for (idx c = 0; c < d; c++) {
                double v = q[c];
                double g = pmax(pmax(lo[node * d + c] - v, v - hi[node * d + c]), 0.0);
                acc += g * g;
            }
            if (!(acc <= r2))
                continue;
            if (node < first) {
                stack[top] = 2 * node + 2;
                stack[top + 1] = 2 * node + 1;
                top += 2;
                continue;
            }
            const double *lb_blk = blk + (size_t)((node - first) * d * leaf);
            double qc = q[0];
            for (idx j = 0; j < leaf; j++) {
                double diff = lb_blk[j] - qc;
                buf[j] = diff * diff;
            }
            for (idx c = 1; c < d; c++) {
                qc = q[c];
                const double *col = lb_blk + c * leaf;
                for (idx j = 0; j < leaf; j++) {
                    double diff = col[j] - qc;
                    buf[j] += diff * diff;
                }
            }
            idx rs = start[node];
            for (idx j = 0; j < leaf; j++) {
                if (buf[j] <= r2) {
                    if (fill)
                        out[ptr[t] + found] = ix[rs + j];
                    found++;
                }
            }
        }
        if (!fill)
            ptr[t] = found;
    }
    free(buf);
    free(q);
    free(stack);
    return failed;
}

/* ---- a module object, so that setuptools builds this file like any extension ---------- */

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native_kernels",
                                    "smotekit's compiled kernels (called through ctypes)", -1,
                                    NULL};

PyMODINIT_FUNC PyInit__native_kernels(void) { return PyModule_Create(&module); }
