package io.meridian.server.platform.security;

import io.meridian.server.platform.api.Problems;
import io.meridian.server.platform.config.MeridianProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import java.util.List;

/**
 * Stateless API security: every /api request carries a bearer token or an access-key signature. There are no
 * cookies, so there is nothing for CSRF to ride on. Authorization beyond "signed in" is decided by each feature,
 * because it depends on the tenant, the workspace and the object.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig
{
    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, Authenticator authenticator, Problems problems)
            throws Exception
    {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no sessions, so no saved requests to replay after a login and no servlet-API wrapper to consult
                .requestCache(cache -> cache.disable())
                .servletApi(servletApi -> servletApi.disable())
                .addFilterBefore(new CredentialsFilter(authenticator), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/v1/auth/login").permitAll()
                        .requestMatchers("/api/docs", "/api/docs/**").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            // a signature refused for a reason of its own (a replay, no nonce) says so; anything else is "sign in"
                            Object refusal = request.getAttribute(CredentialsFilter.REFUSAL);
                            problems.write(request, response, HttpStatus.UNAUTHORIZED, refusal instanceof String code ? code : "auth.required", List.of());
                        }));
        return http.build();
    }

    /** There are no Spring-managed users; declaring this stops Boot from creating a default user with a printed password. */
    @Bean
    public UserDetailsService noSpringUsers()
    {
        return username -> {
            throw new UsernameNotFoundException(username);
        };
    }

    @Bean
    public PasswordEncoder passwordEncoder(MeridianProperties properties)
    {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }
}
