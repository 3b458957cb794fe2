/* int16 AVERAGE_POOL_2D; mirrors TFLM reference integer AveragePool for int16: the int32 sum of
 * the in-image taps divided by their count, rounding half away from zero, then the clamp. */
#include "mao_pool_window.h"

static int32_t avg_of_window_s16(const mao_pool_params *p, const int16_t *in, int32_t b,
                                 const mao_pool_window *w, int32_t c) {
    int32_t acc = 0;
    int32_t count = 0;
    int32_t fy;
    for (fy = w->y_start; fy < w->y_end; ++fy) {
        int32_t fx;
        for (fx = w->x_start; fx < w->x_end; ++fx) {
            acc += in[mao_pool_in_offset(p, b, w->in_y_origin + fy, w->in_x_origin + fx) + c];
            ++count;
        }
    }
    /* The reference refuses an empty window; valid padding never produces one. */
    if (count == 0) return 0;
    return acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
}

void mao_avg_pool_s16(const mao_pool_params *p, const int16_t *in, int16_t *out) {
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
                    const int32_t avg = avg_of_window_s16(p, in, b, &w, c);
                    out_px[c] = (int16_t)mao_clamp_i32(avg, p->act_min, p->act_max);
                }
            }
        }
    }
}
