package dev.shopflow.inventory.web;

import dev.shopflow.inventory.InventoryProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice leaves out but the web layer needs: the properties
 * record and the request body limit.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(InventoryProperties.class)
@Import(RequestBodyLimit.class)
public class WebLayerTestConfiguration {

}
