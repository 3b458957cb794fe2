/* Hybrid (dynamic-range) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: float32 activations,
 * int8 constant weights. Each call quantizes its input to int8 per batch row at run time (into
 * the planned scratch), accumulates int8 x int8 in int32, then scales to float, adds the float
 * bias and clamps, in the order TensorFlow Lite's reference hybrid kernels use (see
 * mao_kernels.h for which quantization each kernel applies). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#include <math.h>
#include <string.h>

/* Scratch layout: float scale[batches], int32 offset[batches], int8 quantized[batches * size].
 * The planner aligns scratch to 16 bytes, so both word arrays are aligned. */
typedef struct {
    float *scale;
    int32_t *offset;
    int8_t *quantized;
} hybrid_scratch;

static hybrid_scratch hybrid_split_scratch(void *scratch, int32_t batches) {
    hybrid_scratch s;
    s.scale = (float *)scratch;
    s.offset = (int32_t *)(void *)(s.scale + batches);
    s.quantized = (int8_t *)(void *)(s.offset + batches);
    return s;
}

static void hybrid_min_max(const float *x, int32_t n, float *lo, float *hi) {
    float smallest = x[0], largest = x[0];
    int32_t i;
    for (i = 1; i < n; ++i) {
        if (x[i] < smallest) smallest = x[i];
        if (largest < x[i]) largest = x[i];
    }
    *lo = smallest;
    *hi = largest;
}

/* A rounded value clamped to [lowest, 127] before the conversion (a NaN from a non-finite input
 * becomes `lowest` instead of an undefined conversion). */
static int8_t hybrid_clamp_round(float rounded, float lowest) {
    if (rounded > 127.0f) return 127;
    return rounded >= lowest ? (int8_t)rounded : (int8_t)lowest;
}

/* SymmetricQuantizeFloats: q = round(x * 127 / range) in [-127, 127], range = max |x|;
 * scale = range / 127 (1 and q = 0 when the row is all zero). */
static void hybrid_quantize_symmetric(const float *x, int32_t n, int8_t *q, float *scale) {
    float lo, hi, range, inverse;
    int32_t i;
    hybrid_min_max(x, n, &lo, &hi);
    lo = fabsf(lo);
    hi = fabsf(hi);
    range = lo < hi ? hi : lo;
    if (range == 0.0f) {
        memset(q, 0, (size_t)n);
        *scale = 1.0f;
        return;
    }
    *scale = range / 127.0f;
    inverse = 127.0f / range;
    for (i = 0; i < n; ++i) {
        q[i] = hybrid_clamp_round(roundf(x[i] * inverse), -127.0f);
    }
}

/* AsymmetricQuantizeFloats: the range [min(0, min x), max(0, max x)] mapped onto [-128, 127]
 * with a nudged zero point (scale and zero point computed in double, as the reference does). */
static void hybrid_quantize_asymmetric(const float *x, int32_t n, int8_t *q, float *scale,
                                       int32_t *offset) {
    float lo, hi, inverse;
    double rmin, rmax, s, from_min, from_max, zero_point;
    int32_t nudged, i;
    hybrid_min_max(x, n, &lo, &hi);
    rmin = (double)(lo < 0.0f ? lo : 0.0f);
    rmax = (double)(0.0f < hi ? hi : 0.0f);
    if (rmin == rmax) {
        memset(q, 0, (size_t)n);
        *scale = 1.0f;
        *offset = 0;
        return;
    }
    s = (rmax - rmin) / 255.0;
    from_min = -128.0 - rmin / s;
    from_max = 127.0 - rmax / s;
    zero_point = (128.0 + fabs(rmin / s)) < (127.0 + fabs(rmax / s)) ? from_min : from_max;
    if (zero_point <= -128.0)
        nudged = -128;
    else if (zero_point >= 127.0)
        nudged = 127;
    else
        nudged = (int32_t)(int8_t)round(zero_point);
    *scale = (float)s;
    *offset = nudged;
    inverse = 1.0f / *scale;
    for (i = 0; i < n; ++i) {
        q[i] = hybrid_clamp_round(roundf((float)nudged + x[i] * inverse), -128.0f);
    }
}

static int hybrid_all_zero(const float *x, int32_t n) {
    int32_t i;
    for (i = 0; i < n; ++i)
        if (x[i] != 0.0f) return 0;
    return 1;
}

void mao_fully_connected_hybrid(const mao_fc_params *p, const float *in, const int8_t *filter,
                                const float *bias, const float *filter_scales, int32_t per_channel,
                                int32_t asymmetric, float *out, void *scratch) {
    const hybrid_scratch s = hybrid_split_scratch(scratch, p->batches);
    const int32_t depth = p->accum_depth, units = p->out_depth;
    int32_t b, o;
    /* The reference skips the product for an all-zero input: output = act(bias). */
    if (hybrid_all_zero(in, p->batches * depth)) {
        for (b = 0; b < p->batches; ++b)
            for (o = 0; o < units; ++o)
                out[b * units + o] =
                    mao_clamp_f32(bias != 0 ? bias[o] : 0.0f, p->f_act_min, p->f_act_max);
        return;
    }
    for (b = 0; b < p->batches; ++b) {
        int8_t *q = s.quantized + b * depth;
        if (asymmetric)
            hybrid_quantize_asymmetric(in + b * depth, depth, q, &s.scale[b], &s.offset[b]);
        else {
            hybrid_quantize_symmetric(in + b * depth, depth, q, &s.scale[b]);
            s.offset[b] = 0;
        }
        for (o = 0; o < units; ++o) {
            const int8_t *row = filter + o * depth;
            const float scale = s.scale[b] * filter_scales[per_channel ? o : 0];
            int32_t acc = 0, i;
            for (i = 0; i < depth; ++i)
                acc += (int32_t)row[i] * ((int32_t)q[i] - s.offset[b]);
            out[b * units + o] = mao_clamp_f32((bias != 0 ? bias[o] : 0.0f) + (float)acc * scale,
                                               p->f_act_min, p->f_act_max);
        }
    }
}

/* int32 sum over the in-image taps of one output pixel and channel: every input channel
 * (conv, filter row `oc`) or channel `ic` alone (depthwise, filter column `oc`). */
static int32_t hybrid_window_sum(const mao_conv_params *p, const int8_t *in_batch,
                                 const int8_t *filter, int32_t offset, int32_t oc, int32_t ic,
                                 int depthwise, int32_t in_y_origin, int32_t in_x_origin) {
    int32_t acc = 0, ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            const int8_t *px = in_batch + (in_y * p->in_w + in_x) * p->in_c;
            int32_t c;
            if (in_x < 0 || in_x >= p->in_w) continue;
            if (depthwise) {
                acc += (int32_t)filter[(ky * p->k_w + kx) * p->out_c + oc] *
                       ((int32_t)px[ic] - offset);
                continue;
            }
            for (c = 0; c < p->in_c; ++c)
                acc += (int32_t)filter[((oc * p->k_h + ky) * p->k_w + kx) * p->in_c + c] *
                       ((int32_t)px[c] - offset);
        }
    }
    return acc;
}

static void hybrid_quantize_batches(const mao_conv_params *p, const float *in, int asymmetric,
                                    const hybrid_scratch *s) {
    const int32_t size = p->in_h * p->in_w * p->in_c;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        if (asymmetric)
            hybrid_quantize_asymmetric(in + b * size, size, s->quantized + b * size, &s->scale[b],
                                       &s->offset[b]);
        else {
            hybrid_quantize_symmetric(in + b * size, size, s->quantized + b * size, &s->scale[b]);
            s->offset[b] = 0;
        }
    }
}

void mao_conv2d_hybrid(const mao_conv_params *p, const float *in, const int8_t *filter,
                       const float *bias, const float *filter_scales, int32_t per_channel,
                       float *out, void *scratch) {
    const hybrid_scratch s = hybrid_split_scratch(scratch, p->batches);
    const int32_t size = p->in_h * p->in_w * p->in_c;
    int32_t b;
    hybrid_quantize_batches(p, in, per_channel, &s);
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_batch = s.quantized + b * size;
        /* Per-tensor: the filter scale is folded into the row's scale first. */
        const float row_scale = per_channel ? s.scale[b] : s.scale[b] * filter_scales[0];
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    const int32_t acc = hybrid_window_sum(p, in_batch, filter, s.offset[b], oc, 0,
                                                          0, in_y_origin, in_x_origin);
                    float value = per_channel ? (float)acc * filter_scales[oc] * row_scale
                                              : (float)acc * row_scale;
                    if (bias != 0) value += bias[oc];
                    out_px[oc] = mao_clamp_f32(value, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}

void mao_depthwise_conv2d_hybrid(const mao_conv_params *p, const float *in, const int8_t *filter,
                                 const float *bias, const float *filter_scales, float *out,
                                 void *scratch) {
    const hybrid_scratch s = hybrid_split_scratch(scratch, p->batches);
    const int32_t size = p->in_h * p->in_w * p->in_c;
    int32_t b;
    hybrid_quantize_batches(p, in, 1, &s);
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_batch = s.quantized + b * size;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t ic;
                for (ic = 0; ic < p->in_c; ++ic) {
                    int32_t m;
                    for (m = 0; m < p->depth_multiplier; ++m) {
                        const int32_t oc = ic * p->depth_multiplier + m;
                        const int32_t acc = hybrid_window_sum(p, in_batch, filter, s.offset[b], oc,
                                                              ic, 1, in_y_origin, in_x_origin);
                        float value = (float)acc * (filter_scales[oc] * s.scale[b]);
                        if (bias != 0) value += bias[oc];
                        out_px[oc] = mao_clamp_f32(value, p->f_act_min, p->f_act_max);
                    }
                }
            }
        }
    }
}
