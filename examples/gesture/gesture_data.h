/* gesture_data.h - data the gesture firmware runs on, generated on the host by gesture_gen.c
 * (gesture_data.c): the two magic-wand recordings, TFLM's golden scores for them, and streamed
 * accelerometer sequences with the gestures inserted into them (ground truth included). */
#ifndef GESTURE_DATA_H
#define GESTURE_DATA_H

#include <stdint.h>

#define GESTURE_WINDOW 128 /* samples per model input */
#define GESTURE_AXES 3     /* x, y, z per sample (milli-g) */
#define GESTURE_CLASSES 4  /* 0 wing, 1 ring, 2 slope, 3 negative */
#define GESTURE_NEGATIVE 3
#define GESTURE_RECORDINGS 2 /* ring, slope */

typedef struct {
    int32_t cls;   /* expected class */
    int32_t start; /* first sample of the inserted gesture in the stream */
    int32_t end;   /* last sample (inclusive) */
} gesture_event;

typedef struct {
    const char *name;
    uint32_t seed;        /* noise seed the stream was generated with */
    int32_t length;       /* samples */
    const float *samples; /* length * GESTURE_AXES floats, sample-major */
    int32_t num_events;
    const gesture_event *events;
} gesture_stream;

/* Recording r (0 ring, 1 slope) exactly as in ../shared/models/magic_wand_<name>.bin. */
extern const float gesture_recordings[GESTURE_RECORDINGS][GESTURE_WINDOW * GESTURE_AXES];
extern const int32_t gesture_recording_class[GESTURE_RECORDINGS];
/* TFLM's output for recording r (../shared/golden/magic_wand/output_<4+r>_0.bin). */
extern const float gesture_golden[GESTURE_RECORDINGS][GESTURE_CLASSES];

extern const int32_t gesture_num_streams;
extern const gesture_stream gesture_streams[];

#endif /* GESTURE_DATA_H */
