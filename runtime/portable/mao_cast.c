/* CAST between int8, int16, int32 and float32, and from those to bool (see mao_cast_params in
 * mao_kernels.h). Every conversion is written so that it is defined C for every input value: the
 * float range check comes before the conversion, and narrowing goes through unsigned arithmetic. */
#include "mao_kernels.h"

/* A float as a `bits`-bit integer the way TFLM's reference gives it: truncated toward zero,
 * saturated to the type's range, NaN as 0 (measured on its Python interpreter). */
static int32_t float_to_int(float v, int32_t bits) {
    const float limit = bits == 32 ? 2147483648.0f : (float)((int32_t)1 << (bits - 1));
    if (v != v) return 0;
    if (v >= limit) return bits == 32 ? INT32_MAX : (int32_t)limit - 1;
    if (v <= -limit) return bits == 32 ? INT32_MIN : -(int32_t)limit;
    return (int32_t)v;
}

/* The low `bits` bits of v as a two's-complement value. */
static int32_t wrap_bits(int32_t v, int32_t bits) {
    const uint32_t modulus = (uint32_t)1 << bits;
    const uint32_t u = (uint32_t)v & (modulus - 1u);
    return u >= (modulus >> 1) ? -(int32_t)(modulus - u) : (int32_t)u;
}

void mao_cast(const mao_cast_params *p, const void *in, void *out) {
    int32_t i;
    const int32_t out_bits = p->out_type == MAO_CAST_INT8    ? 8
                             : p->out_type == MAO_CAST_INT16 ? 16
                                                             : 32;
    const int32_t size = p->size, in_type = p->in_type, out_type = p->out_type;
    for (i = 0; i < size; ++i) {
        float f = 0.0f;
        int32_t v = 0;
        switch (in_type) {
        case MAO_CAST_INT8:
            v = ((const int8_t *)in)[i];
            break;
        case MAO_CAST_INT16:
            v = ((const int16_t *)in)[i];
            break;
        case MAO_CAST_INT32:
            v = ((const int32_t *)in)[i];
            break;
        default:
            f = ((const float *)in)[i];
            v = float_to_int(f, out_bits);
            break;
        }
        switch (out_type) {
        case MAO_CAST_INT8:
            ((int8_t *)out)[i] = (int8_t)wrap_bits(v, 8);
            break;
        case MAO_CAST_INT16:
            ((int16_t *)out)[i] = (int16_t)wrap_bits(v, 16);
            break;
        case MAO_CAST_INT32:
            ((int32_t *)out)[i] = v;
            break;
        case MAO_CAST_BOOL:
            ((uint8_t *)out)[i] = (uint8_t)(in_type == MAO_CAST_FLOAT32 ? f != 0.0f : v != 0);
            break;
        default:
            ((float *)out)[i] = in_type == MAO_CAST_FLOAT32 ? f : (float)v;
            break;
        }
    }
}
