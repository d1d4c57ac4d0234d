package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The count axis: round steps, at most four of them up to the busiest hour. */
class HourlyChartTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "4, 1", "5, 2", "8, 2", "9, 5", "20, 5", "21, 10", "45, 20", "1000, 500"})
    void theStepIsRoundAndLeavesAtMostFourIntervals(long max, long step) {
        assertThat(HourlyChart.step(max)).isEqualTo(step);
        long intervals = (max + step - 1) / step;
        assertThat(intervals).isBetween(1L, 4L);
    }
}
