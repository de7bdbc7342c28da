package io.meridian.executor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceAllocationTest
{
    @Test
    void wholeCardsAndSharedCardsAreWrittenAndReadBackAsRunsStoreThem()
    {
        DeviceAllocation whole = DeviceAllocation.of(DeviceVendor.NVIDIA, 0, 2);
        DeviceAllocation shared = new DeviceAllocation(DeviceVendor.NVIDIA, List.of(3, 1), 125, 10240);

        assertThat(whole.text()).isEqualTo("NVIDIA:0,2");
        assertThat(shared.text()).isEqualTo("NVIDIA:3,1@125/10240");
        assertThat(DeviceAllocation.parse(whole.text())).isEqualTo(whole);
        assertThat(DeviceAllocation.parse(shared.text())).isEqualTo(shared);
        assertThat(DeviceAllocation.none().text()).isEmpty();
        assertThat(DeviceAllocation.parse("")).isEqualTo(DeviceAllocation.none());
        assertThat(shared.isShared()).isTrue();
        assertThat(whole.isShared()).isFalse();
    }

    @Test
    void aShareIsLessThanAWholeCard()
    {
        assertThatThrownBy(() -> new DeviceAllocation(DeviceVendor.NVIDIA, List.of(0), 1000, 1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
