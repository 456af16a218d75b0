/**
 * Spring Boot auto-configuration of ydrz: set {@code ydrz.app-id} (and the keys) and inject {@link com.ydrz.Client}
 * or {@link com.ydrz.spring.YdrzTemplate}. See {@link com.ydrz.spring.YdrzProperties} for the properties.
 */
package com.ydrz.spring;
