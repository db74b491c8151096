package dev.shopflow.web;

import org.springframework.boot.SpringBootConfiguration;

/** The configuration MVC slice tests of this module start from. */
@SpringBootConfiguration
class TestWebApplication {

}
