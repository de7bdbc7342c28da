package io.meridian.cleaning.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveInformationTest
{
    // 11010519491231002X is the standard's own example number
    private static final String VALID_ID = "11010519491231002X";

    @Test
    void emailsAreRemovedAsDataJuicerDoes()
    {
        CleanEmailMapper mapper = new CleanEmailMapper();
        assertThat(mapper.apply("请联系客户经理,liming@163.com,13800138000")).isEqualTo("请联系客户经理,,13800138000");
        assertThat(mapper.apply("mail a.b+c_d-e@mail.example.com.cn now")).isEqualTo("mail  now");
        // the domain backs off to its last dot followed by a letter
        assertThat(mapper.apply("x@y.com.")).isEqualTo(".");
        assertThat(mapper.apply("x@y.c0m")).isEqualTo("0m");
        assertThat(mapper.apply("no at sign, @ alone, a@b")).isSameAs("no at sign, @ alone, a@b");
        assertThat(mapper.apply("a@b@c.com")).isEqualTo("a@");
    }

    @Test
    void emailDomainsMatchInAnyCaseUnlikeDataJuicer()
    {
        assertThat(new CleanEmailMapper().apply("Li.Ming@Example.COM 你好")).isEqualTo(" 你好");
    }

    @Test
    void emailReplacementIsConfigurable()
    {
        assertThat(new CleanEmailMapper("<EMAIL>").apply("写信给ｆｕｌｌ宽 zhang@qq.com。")).isEqualTo("写信给ｆｕｌｌ宽 <EMAIL>。");
    }

    @Test
    void residentIdCheckCharacterFollowsGb11643()
    {
        assertThat(ResidentIds.checkCharacter(VALID_ID, 0)).isEqualTo('X');
        assertThat(ResidentIds.isValid(VALID_ID, 0)).isTrue();
        assertThat(ResidentIds.isValid("110105194912310021", 0)).isFalse();
        assertThat(ResidentIds.isValid("110105194902300029", 0)).as("February 30th").isFalse();
    }

    @Test
    void onlyValidResidentIdsAreRemoved()
    {
        CleanIdCardMapper mapper = new CleanIdCardMapper();
        assertThat(mapper.apply("身份证号" + VALID_ID + "，请核对")).isEqualTo("身份证号，请核对");
        assertThat(mapper.apply("lower x: " + VALID_ID.toLowerCase())).isEqualTo("lower x: ");
        // the spec's preview sample: its check digit is wrong, so it is not an identity number
        String sample = "用户注册时需要使用形如123456199001011234的身份证号码进行实名认证";
        assertThat(mapper.apply(sample)).isSameAs(sample);
        // embedded in a longer run of digits or followed by a letter: not an identity number
        assertThat(mapper.apply("9" + VALID_ID)).isEqualTo("9" + VALID_ID);
        assertThat(mapper.apply(VALID_ID + "Y")).isEqualTo(VALID_ID + "Y");
        // a Chinese word right after the number is not part of it
        assertThat(mapper.apply("使用形如" + VALID_ID + "的身份证号码")).isEqualTo("使用形如的身份证号码");
    }

    @Test
    void mainlandMobileNumbersAreRemoved()
    {
        CleanPhoneMapper mapper = new CleanPhoneMapper();
        assertThat(mapper.apply("电话13800138000。")).isEqualTo("电话。");
        assertThat(mapper.apply("call +86 138-0013-8000 or 0086 13912345678 or 8615912345678")).isEqualTo("call  or  or ");
        assertThat(mapper.apply("grouped 139 1234 5678!")).isEqualTo("grouped !");
        // not 1[3-9], too long, too short, mixed separators, part of an identity number
        assertThat(mapper.apply("12800138000 138001380001 1380013800 138 0013-8000 " + VALID_ID))
                .isEqualTo("12800138000 138001380001 1380013800 138 0013-8000 " + VALID_ID);
        // full-width digits are not ASCII digits: left alone
        assertThat(mapper.apply("１３８００１３８０００")).isEqualTo("１３８００１３８０００");
    }
}
