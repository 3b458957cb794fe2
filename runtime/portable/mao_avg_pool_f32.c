/* float32 AVERAGE_POOL_2D; mirrors the TFLite reference: float sum of the in-image taps divided
 * by their count, then the clamp. */
#include "mao_pool_window.h"

static float avg_of_window_f32(const mao_pool_params *p, const float *in, int32_t b,
                               const mao_pool_window *w, int32_t c) {
    float total = 0.0f;
    int32_t count = 0;
    int32_t fy;
    for (fy = w->y_start; fy < w->y_end; ++fy) {
        int32_t fx;
        for (fx = w->x_start; fx < w->x_end; ++fx) {
            total += in[mao_pool_in_offset(p, b, w->in_y_origin + fy, w->in_x_origin + fx) + c];
            ++count;
        }
    }
    if (count == 0) return 0.0f;
    return total / (float)count;
}

void mao_avg_pool_f32(const mao_pool_params *p, const float *in, float *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const mao_pool_window w = mao_pool_window_at(p, oy, ox);
                float *out_px = out + mao_pool_out_offset(p, b, oy, ox);
                int32_t c;
                for (c = 0; c < p->channels; ++c) {
                    const float avg = avg_of_window_f32(p, in, b, &w, c);
                    out_px[c] = mao_clamp_f32(avg, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}
