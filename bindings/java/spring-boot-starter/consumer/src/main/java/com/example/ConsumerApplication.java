package com.example;

import com.ydrz.Validation;
import com.ydrz.spring.YdrzTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * What a user of the starter writes: properties on the command line (ydrz.app-id, the keys …), the template
 * injected. Validates the one-click token given as --token / --user-information and prints what it got.
 */
@SpringBootApplication
public class ConsumerApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(ConsumerApplication.class, args)));
    }

    @Bean
    CommandLineRunner login(YdrzTemplate ydrz, @Qualifier("ydrzHealthIndicator") HealthIndicator health,
            MeterRegistry meters, org.springframework.core.env.Environment env) {
        return args -> {
            System.out.println("health " + health.health().getStatus());
            System.out.println("jssdk " + ydrz.jssdkParams().contains("\"sign\""));
            Validation login = ydrz.onekeyValidate(env.getProperty("token"), env.getProperty("user-information"), null);
            System.out.println("phone " + login.phone().substring(0, 3) + "****" + login.phone().substring(7));
            System.out.println("timer " + meters.get("ydrz.client.requests").tag("interface", "onekey_validate")
                .tag("result", "103000").timer().count());
        };
    }
}
