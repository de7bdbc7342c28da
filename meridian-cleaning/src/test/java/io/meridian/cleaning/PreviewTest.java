package io.meridian.cleaning;

import io.meridian.cleaning.operator.OperatorConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviewTest
{
    @Test
    void eachOperatorPreviewsItsEffectOnTheSample()
    {
        String sample = "如需要咨询软件服务,请联系客户经理,liming@163.com,13800138000";
        assertThat(Preview.apply(OperatorConfig.of("clean_email_mapper"), sample)).isEqualTo("如需要咨询软件服务,请联系客户经理,,13800138000");
        assertThat(Preview.apply(OperatorConfig.of("clean_phone_mapper"), sample)).isEqualTo("如需要咨询软件服务,请联系客户经理,liming@163.com,");
        assertThat(Preview.apply(OperatorConfig.of("clean_html_mapper"), "<article><p style=\"margin-top: 0px;\">正文</p></article>")).isEqualTo("正文");
        assertThat(Preview.apply(new OperatorConfig("text_length_filter", Map.of("min_len", 100)), sample)).as("dropped").isEmpty();
        assertThat(Preview.apply(OperatorConfig.of("document_deduplicator"), sample)).isEqualTo(sample);
    }

    @Test
    void anUnknownOperatorIsNamed()
    {
        assertThatThrownBy(() -> Preview.apply(OperatorConfig.of("clean_all"), "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown operator clean_all");
    }
}
