/* Private helper shared by the pooling kernels: the in-image part of a pooling window, computed
 * as TFLite's reference pooling does (filter_start = max(0, -origin), filter_end = min(filter,
 * in - origin)). */
#ifndef MAO_POOL_WINDOW_H
#define MAO_POOL_WINDOW_H

#include "mao_fixedpoint.h"
#include "mao_kernels.h"

typedef struct {
    int32_t y_start, y_end; /* filter rows [y_start, y_end) */
    int32_t x_start, x_end; /* filter cols [x_start, x_end) */
    int32_t in_y_origin;
    int32_t in_x_origin;
} mao_pool_window;

static inline mao_pool_window mao_pool_window_at(const mao_pool_params *p, int32_t oy, int32_t ox) {
    mao_pool_window w;
    w.in_y_origin = oy * p->stride_h - p->pad_h;
    w.in_x_origin = ox * p->stride_w - p->pad_w;
    w.y_start = mao_max_i32(0, -w.in_y_origin);
    w.y_end = mao_min_i32(p->filter_h, p->in_h - w.in_y_origin);
    w.x_start = mao_max_i32(0, -w.in_x_origin);
    w.x_end = mao_min_i32(p->filter_w, p->in_w - w.in_x_origin);
    return w;
}

/* Element offset of (y, x, channel 0) of batch b in an NHWC tensor of this pooling input. */
static inline int32_t mao_pool_in_offset(const mao_pool_params *p, int32_t b, int32_t y,
                                         int32_t x) {
    return ((b * p->in_h + y) * p->in_w + x) * p->channels;
}

static inline int32_t mao_pool_out_offset(const mao_pool_params *p, int32_t b, int32_t oy,
                                          int32_t ox) {
    return ((b * p->out_h + oy) * p->out_w + ox) * p->channels;
}

#endif /* MAO_POOL_WINDOW_H */
