/* int16 MAX_POOL_2D; mirrors TFLM reference integer MaxPool for int16 (start from -32768, clamp
 * after). */
#include "mao_pool_window.h"

static int32_t max_of_window_s16(const mao_pool_params *p, const int16_t *in, int32_t b,
                                 const mao_pool_window *w, int32_t c) {
    int32_t max = INT16_MIN;
    int32_t fy;
    for (fy = w->y_start; fy < w->y_end; ++fy) {
        int32_t fx;
        for (fx = w->x_start; fx < w->x_end; ++fx) {
            const int32_t v =
                in[mao_pool_in_offset(p, b, w->in_y_origin + fy, w->in_x_origin + fx) + c];
            max = mao_max_i32(max, v);
        }
    }
    return max;
}

void mao_max_pool_s16(const mao_pool_params *p, const int16_t *in, int16_t *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const mao_pool_window w = mao_pool_window_at(p, oy, ox);
                int16_t *out_px = out + mao_pool_out_offset(p, b, oy, ox);
                int32_t c;
                for (c = 0; c < p->channels; ++c) {
                    const int32_t max = max_of_window_s16(p, in, b, &w, c);
                    out_px[c] = (int16_t)mao_clamp_i32(max, p->act_min, p->act_max);
                }
            }
        }
    }
}
