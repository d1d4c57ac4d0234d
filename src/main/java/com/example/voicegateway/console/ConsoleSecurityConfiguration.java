package com.example.voicegateway.console;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.auth.FailedSignIns;
import com.example.voicegateway.auth.OpsKeys;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own chain, ordered before the API's (which leaves {@code /console/**} to it): a browser signs in
 * once with an ops key and then carries a session cookie, so unlike the stateless API it needs CSRF protection, a
 * login page and sign-out. Failed sign-ins are throttled and sign-ins audited ({@link ConsoleSignIns}). Its access
 * rules are the three lines below; the API's stay in {@code SecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String ROLE_OPERATOR = "OPERATOR";

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 2)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, OpsKeys opsKeys, FailedSignIns failedSignIns,
            AuditLog audit) throws Exception {
        ConsoleSignIns signIns = new ConsoleSignIns(failedSignIns, audit);
        http.securityMatcher("/console/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/console/login", "/console/assets/**").permitAll()
                        .anyRequest().hasRole(ROLE_OPERATOR))
                .authenticationManager(new ProviderManager(new OpsKeyLogin(opsKeys)))
                // The key is the only field: it is read as the password, so it is never kept as a principal name.
                .addFilterBefore(signIns.throttle(), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage(ConsoleSignIns.LOGIN).loginProcessingUrl(ConsoleSignIns.LOGIN)
                        .usernameParameter("unused-user-name").passwordParameter(ConsoleSignIns.KEY_PARAMETER)
                        .successHandler(signIns.success()).failureHandler(signIns.failure()))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout")
                        .addLogoutHandler(signIns.signOut()).deleteCookies("JSESSIONID"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none';"
                                + " form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Accepts ops keys only; the principal is the key's configured name, which the audit trail records. */
    static final class OpsKeyLogin implements AuthenticationProvider {

        private final OpsKeys opsKeys;

        OpsKeyLogin(OpsKeys opsKeys) {
            this.opsKeys = opsKeys;
        }

        @Override
        public Authentication authenticate(Authentication attempt) {
            Object key = attempt.getCredentials();
            String name = key instanceof String presented ? opsKeys.nameOf(presented).orElse(null) : null;
            if (name == null) {
                throw new BadCredentialsException("not an ops key");
            }
            return UsernamePasswordAuthenticationToken.authenticated(name, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + ROLE_OPERATOR)));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
